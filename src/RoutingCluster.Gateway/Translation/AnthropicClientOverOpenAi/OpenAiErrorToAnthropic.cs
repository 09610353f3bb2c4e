using System.Buffers;
using System.Text.Json;
using RoutingCluster.Gateway.Wire;

namespace RoutingCluster.Gateway.Translation.AnthropicClientOverOpenAi;

/// <summary>An upstream's OpenAI-format error body as an Anthropic error body, typed by the HTTP status.</summary>
public static class OpenAiErrorToAnthropic
{
    /// <returns><c>{"type":"error","error":{"type":..., "message":...}}</c>; the message is the upstream's
    /// <c>error.message</c> (or <c>error</c> as a string, or top-level <c>message</c>), else a generic text.</returns>
    public static byte[] Translate(byte[] openAiErrorBody, int status) =>
        Write(AnthropicErrorTypes.For(status), ReadMessage(openAiErrorBody) ?? $"The upstream answered HTTP {status} without an error message.");

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
