using System.Text.Json;

namespace RoutingCluster.Gateway.Wire;

/// <summary>Writes errors in OpenAI's body format: <c>{"error":{"message","type","param","code"}}</c>.</summary>
public static class OpenAiErrors
{
    /// <summary>The code (and type) of a refusal for spend past a budget.</summary>
    public const string InsufficientQuota = "insufficient_quota";

    public static Task WriteAsync(HttpContext context, int status, string type, string code, string message, TimeSpan? retryAfter = null) =>
        JsonErrorResponse.WriteAsync(context, status, Body(type, code, message), retryAfter);

    /// <summary>OpenAI's error <c>type</c> for a status.</summary>
    public static string TypeFor(int status) => status switch
    {
        401 => "authentication_error",
        403 => "permission_error",
        429 => "rate_limit_error",
        502 => "upstream_error",
        503 => "service_unavailable",
        504 => "timeout_error",
        >= 500 => "internal_error",
        _ => "invalid_request_error",
    };

    /// <summary>OpenAI's own quota error carries its code as its type too (<c>insufficient_quota</c>).</summary>
    public static byte[] Body(int status, string code, string message) => Body(code == InsufficientQuota ? code : TypeFor(status), code, message);

    public static byte[] Body(string type, string code, string message, string? param = null) =>
        JsonSerializer.SerializeToUtf8Bytes(new ErrorEnvelope(new ErrorBody(message, type, param, code)), OpenAiErrorJsonContext.Relaxed.ErrorEnvelope);

    /// <summary>The OpenAI error code for an error type (Anthropic's included) and HTTP status: OpenAI's names where clients branch on them.</summary>
    public static string CodeFor(string type, int? status) => (type, status) switch
    {
        (_, 429) or ("rate_limit_error", _) => "rate_limit_exceeded",
        (_, 529) or ("overloaded_error", _) => "overloaded",
        _ => type,
    };

    /// <summary>The in-band error event ending a stream that broke after its first byte (no [DONE] follows).</summary>
    public static byte[] StreamErrorEvent(string message)
    {
        var json = Body("upstream_error", "stream_interrupted", message);
        return [.. "data: "u8, .. json, .. "\n\n"u8];
    }

    internal sealed record ErrorEnvelope(ErrorBody Error);

    internal sealed record ErrorBody(string Message, string Type, string? Param, string Code);
}
