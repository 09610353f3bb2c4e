using System.Buffers;
using System.Text.Json;

namespace RoutingCluster.Gateway.Translation.AnthropicClientOverOpenAi;

/// <summary>
/// An OpenAI <c>chat.completion</c> as an Anthropic message. The message names the model the client
/// asked for, not the upstream's. Only the first choice is read (Anthropic has no <c>n</c>).
/// <c>reasoning_content</c> is not returned: an Anthropic thinking block needs a signature this
/// gateway cannot produce. Tool-call arguments that are not a JSON object are kept as
/// <c>{"_raw": "&lt;arguments&gt;"}</c> so the client still sees the call and can answer it with an error.
/// </summary>
public sealed class OpenAiToAnthropicBody(string clientModel) : IBodyTranslator
{
    public BodyTranslation Translate(byte[] upstreamBody)
    {
        using var document = ParseObject(upstreamBody);
        if (document is null)
        {
            return new BodyTranslation.Unreadable("The upstream answered with a body that is not an OpenAI chat completion object.");
        }

        var root = document.RootElement;
        var usage = OpenAiUsage.Read(root);
        var choice = Json.Property(root, "choices") is { ValueKind: JsonValueKind.Array } choices && choices.GetArrayLength() > 0 ? choices[0] : default;
        var message = Json.Property(choice, "message");
        var finishReason = Json.Property(choice, "finish_reason") is { ValueKind: JsonValueKind.String } reason ? reason.GetString() : null;

        var buffer = new ArrayBufferWriter<byte>(upstreamBody.Length + 256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("id", "msg_" + (Json.Property(root, "id") is { ValueKind: JsonValueKind.String } id ? id.GetString() : Guid.NewGuid().ToString("N")));
            writer.WriteString("type", "message");
            writer.WriteString("role", "assistant");
            writer.WriteString("model", clientModel);
            writer.WriteStartArray("content");
            var sawToolCalls = message is { ValueKind: JsonValueKind.Object } m && WriteContent(writer, m);
            writer.WriteEndArray();
            writer.WriteString("stop_reason", StopReasons.FromFinishReason(finishReason, sawToolCalls));
            writer.WriteNull("stop_sequence");
            writer.WriteStartObject("usage");
            OpenAiUsage.WriteAnthropicFields(writer, usage ?? default);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return new BodyTranslation.Translated(buffer.WrittenSpan.ToArray(), usage);
    }

    /// <returns>Whether any tool call was written.</returns>
    private static bool WriteContent(Utf8JsonWriter writer, JsonElement message)
    {
        foreach (var name in (ReadOnlySpan<string>)["content", "refusal"])
        {
            if (Json.Property(message, name) is { ValueKind: JsonValueKind.String } text && text.GetString() is { Length: > 0 } value)
            {
                writer.WriteStartObject();
                writer.WriteString("type", "text");
                writer.WriteString("text", value);
                writer.WriteEndObject();
            }
        }

        if (Json.Property(message, "tool_calls") is not { ValueKind: JsonValueKind.Array } calls)
        {
            return false;
        }

        var index = 0;
        foreach (var call in calls.EnumerateArray())
        {
            var function = Json.Property(call, "function");
            writer.WriteStartObject();
            writer.WriteString("type", "tool_use");
            writer.WriteString("id", Json.Property(call, "id") is { ValueKind: JsonValueKind.String } id ? id.GetString() : $"toolu_{index}");
            writer.WriteString("name", function is { } f && Json.Property(f, "name") is { ValueKind: JsonValueKind.String } name ? name.GetString() : "");
            writer.WritePropertyName("input");
            WriteInput(writer, function is { } g && Json.Property(g, "arguments") is { ValueKind: JsonValueKind.String } arguments ? arguments.GetString()! : "");
            writer.WriteEndObject();
            index++;
        }

        return index > 0;
    }

    private static void WriteInput(Utf8JsonWriter writer, string arguments)
    {
        if (string.IsNullOrWhiteSpace(arguments))
        {
            writer.WriteRawValue("{}");
            return;
        }

        try
        {
            using var parsed = JsonDocument.Parse(arguments);
            if (parsed.RootElement.ValueKind == JsonValueKind.Object)
            {
                parsed.RootElement.WriteTo(writer);
                return;
            }
        }
        catch (JsonException)
        {
            // Falls through to the _raw wrapper.
        }

        writer.WriteStartObject();
        writer.WriteString("_raw", arguments);
        writer.WriteEndObject();
    }

    private static JsonDocument? ParseObject(byte[] body)
    {
        try
        {
            var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return document;
            }

            document.Dispose();
        }
        catch (JsonException)
        {
            // Reported below.
        }

        return null;
    }
}
