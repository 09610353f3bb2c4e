using System.Globalization;

namespace RoutingCluster.Gateway.Wire;

/// <summary>Writes an error body as the whole response, unless the response has already started (then the client already holds part of an answer).</summary>
public static class JsonErrorResponse
{
    public static async Task WriteAsync(HttpContext context, int status, byte[] body, TimeSpan? retryAfter = null)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        if (retryAfter is { } wait)
        {
            context.Response.Headers.RetryAfter = Math.Max(1, Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        await context.Response.Body.WriteAsync(body);
    }
}
