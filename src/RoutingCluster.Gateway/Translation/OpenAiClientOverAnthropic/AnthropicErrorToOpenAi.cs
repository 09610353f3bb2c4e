using System.Buffers;
using System.Text.Json;

namespace RoutingCluster.Gateway.Translation.OpenAiClientOverAnthropic;

/// <summary>
/// Converts an Anthropic error body (<c>{"type":"error","error":{"type","message"}}</c>) into
/// OpenAI's (<c>{"error":{"message","type","param","code"}}</c>). The Anthropic error type is kept
/// as <c>type</c>; <c>code</c> uses OpenAI's name where clients branch on it (rate limits) and the
/// Anthropic type otherwise. A body that is not an Anthropic error still yields a usable error.
/// </summary>
public static class AnthropicErrorToOpenAi
{
    public static byte[] Translate(byte[] anthropicErrorBody, int status)
    {
        var (type, message) = Read(anthropicErrorBody);
        type ??= "upstream_error";
        message ??= $"The upstream returned status {status}.";

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, OpenAiJson.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("error"u8);
            writer.WriteString("message"u8, message);
            writer.WriteString("type"u8, type);
            writer.WriteNull("param"u8);
            writer.WriteString("code"u8, OpenAiCode(type, status));
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The OpenAI error code for an Anthropic error type (and HTTP status, when there is one).</summary>
    internal static string OpenAiCode(string type, int? status) => (type, status) switch
    {
        (_, 429) or ("rate_limit_error", _) => "rate_limit_exceeded",
        (_, 529) or ("overloaded_error", _) => "overloaded",
        _ => type,
    };

    /// <summary>The <c>error.type</c> and <c>error.message</c> of an Anthropic error JSON, each null when absent.</summary>
    internal static (string? Type, string? Message) Read(ReadOnlyMemory<byte> json)
    {
        using var document = AnthropicJson.ParseObject(json);
        return document is not null && document.RootElement.TryGetProperty("error"u8, out var error)
            ? (AnthropicJson.StringOf(error, "type"u8), AnthropicJson.StringOf(error, "message"u8))
            : (null, null);
    }
}
