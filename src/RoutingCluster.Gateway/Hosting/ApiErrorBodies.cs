using RoutingCluster.Gateway.Wire;

namespace RoutingCluster.Gateway.Hosting;

/// <summary>
/// The gateway's own errors in the wire format of the API a path belongs to: Anthropic's under
/// <c>/v1/messages</c>, OpenAI's everywhere else. Used where no front door is in charge yet (or
/// any more): exceptions, empty status codes, limits on the request head.
/// </summary>
public static class ApiErrorBodies
{
    public static bool IsAnthropic(PathString path) => path.StartsWithSegments(ClientApiEndpoints.AnthropicPrefix, StringComparison.OrdinalIgnoreCase);

    public static byte[] For(PathString path, int status, string code, string message) =>
        IsAnthropic(path) ? AnthropicErrors.Body(status, message) : OpenAiErrors.Body(status, code, message);

    public static Task WriteAsync(HttpContext context, int status, string code, string message) =>
        JsonErrorResponse.WriteAsync(context, status, For(context.Request.Path, status, code, message));
}
