using System.Buffers;
using System.Text.Json;

namespace RoutingCluster.Gateway.Translation.AnthropicToOpenAi;

/// <summary>An upstream's OpenAI-format error body as an Anthropic error body, typed by the HTTP status.</summary>
public static class ErrorBodyTranslator
{
    /// <returns><c>{"type":"error","error":{"type":..., "message":...}}</c>; the message is the upstream's
    /// <c>error.message</c> (or <c>error</c> as a string, or top-level <c>message</c>), else a generic text.</returns>
    public static byte[] OpenAiToAnthropic(byte[] openAiErrorBody, int status) =>
        Write(ErrorType(status), ReadMessage(openAiErrorBody) ?? $"The upstream answered HTTP {status} without an error message.");

    /// <summary>
    /// Anthropic's error type for a status. Besides the usual ones, 402 is <c>billing_error</c> and
    /// 504 <c>timeout_error</c>, as Anthropic documents them; anything else is <c>api_error</c>.
    /// </summary>
    public static string ErrorType(int status) => status switch
    {
        400 => "invalid_request_error",
        401 => "authentication_error",
        402 => "billing_error",
        403 => "permission_error",
        404 => "not_found_error",
        413 => "request_too_large",
        429 => "rate_limit_error",
        504 => "timeout_error",
        529 => "overloaded_error",
        _ => "api_error",
    };

    /// <summary>An Anthropic error body.</summary>
    public static byte[] Write(string type, string message)
    {
        var buffer = new ArrayBufferWriter<byte>(128 + message.Length);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", "error");
            writer.WriteStartObject("error");
            writer.WriteString("type", type);
            writer.WriteString("message", message);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static string? ReadMessage(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var message = Json.Property(root, "error") switch
            {
                { ValueKind: JsonValueKind.String } text => text,
                { ValueKind: JsonValueKind.Object } error => Json.Property(error, "message"),
                _ => Json.Property(root, "message"),
            };
            return message is { ValueKind: JsonValueKind.String } m && m.GetString() is { Length: > 0 } value ? value : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
