using System.Text;
using System.Text.Json;

namespace RoutingCluster.Gateway.Translation.ResponsesClientOverChat;

/// <summary>Writes a Responses <c>input</c> item list as chat messages, in order (see <see cref="ResponsesRequestTranslator"/>).</summary>
internal static class ResponsesInputWriter
{
    public static void Write(Utf8JsonWriter writer, JsonElement input)
    {
        if (input.ValueKind != JsonValueKind.Array)
        {
            throw new UntranslatableRequestException("`input` must be a string or an array of input items.");
        }

        var openCalls = false;
        var i = 0;
        foreach (var item in input.EnumerateArray())
        {
            var path = $"input[{i++}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw new UntranslatableRequestException($"`{path}` must be an object.");
            }

            var type = item.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : "message";
            if (type != "function_call" && openCalls)
            {
                CloseCalls(writer);
                openCalls = false;
            }

            switch (type)
            {
                case "message":
                    WriteMessage(writer, item, path);
                    break;
                case "function_call":
                    if (!openCalls)
                    {
                        writer.WriteStartObject();
                        writer.WriteString("role", "assistant");
                        writer.WriteNull("content");
                        writer.WriteStartArray("tool_calls");
                        openCalls = true;
                    }

                    WriteCall(writer, item, path);
                    break;
                case "function_call_output":
                    writer.WriteStartObject();
                    writer.WriteString("role", "tool");
                    writer.WriteString("tool_call_id", RequiredString(item, "call_id", path));
                    writer.WriteString("content", OutputText(item, path));
                    writer.WriteEndObject();
                    break;
                case "reasoning":
                    break;
                default:
                    throw new UntranslatableRequestException($"`{path}` is a `{type}` item, which a chat-completions upstream cannot carry.");
            }
        }

        if (openCalls)
        {
            CloseCalls(writer);
        }
    }

    private static void CloseCalls(Utf8JsonWriter writer)
    {
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteCall(Utf8JsonWriter writer, JsonElement item, string path)
    {
        writer.WriteStartObject();
        writer.WriteString("id", RequiredString(item, "call_id", path));
        writer.WriteString("type", "function");
        writer.WriteStartObject("function");
        writer.WriteString("name", RequiredString(item, "name", path));
        writer.WriteString("arguments", item.TryGetProperty("arguments", out var arguments) && arguments.ValueKind == JsonValueKind.String ? arguments.GetString() : "{}");
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteMessage(Utf8JsonWriter writer, JsonElement item, string path)
    {
        var role = RequiredString(item, "role", path) switch
        {
            "developer" or "system" => "system",
            "user" => "user",
            "assistant" => "assistant",
            var other => throw new UntranslatableRequestException($"`{path}.role` is `{other}`; expected user, assistant, system or developer."),
        };
        if (!item.TryGetProperty("content", out var content) || content.ValueKind == JsonValueKind.Null)
        {
            throw new UntranslatableRequestException($"`{path}.content` is required.");
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            ResponsesRequestTranslator.WriteTextMessage(writer, role, content.GetString()!);
            return;
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            throw new UntranslatableRequestException($"`{path}.content` must be a string or an array of content parts.");
        }

        if (role != "user")
        {
            // System and assistant turns are text: their parts joined.
            ResponsesRequestTranslator.WriteTextMessage(writer, role, JoinedText(content, $"{path}.content"));
            return;
        }

        writer.WriteStartObject();
        writer.WriteString("role", "user");
        writer.WriteStartArray("content");
        var i = 0;
        foreach (var part in content.EnumerateArray())
        {
            WritePart(writer, part, $"{path}.content[{i++}]");
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WritePart(Utf8JsonWriter writer, JsonElement part, string path)
    {
        var type = RequiredString(part, "type", path);
        writer.WriteStartObject();
        switch (type)
        {
            case "input_text" or "output_text":
                writer.WriteString("type", "text");
                writer.WriteString("text", RequiredString(part, "text", path));
                break;
            case "input_image":
                writer.WriteString("type", "image_url");
                writer.WriteStartObject("image_url");
                writer.WriteString("url", RequiredString(part, "image_url", path));
                if (part.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.String)
                {
                    writer.WriteString("detail", detail.GetString());
                }

                writer.WriteEndObject();
                break;
            default:
                throw new UntranslatableRequestException($"`{path}` is an `{type}` part, which a chat-completions upstream cannot carry.");
        }

        writer.WriteEndObject();
    }

    private static string JoinedText(JsonElement parts, string path)
    {
        var text = new StringBuilder();
        var i = 0;
        foreach (var part in parts.EnumerateArray())
        {
            var partPath = $"{path}[{i++}]";
            var type = RequiredString(part, "type", partPath);
            if (type is not ("input_text" or "output_text" or "refusal"))
            {
                throw new UntranslatableRequestException($"`{partPath}` is an `{type}` part; only text can go in this turn.");
            }

            text.Append(part.TryGetProperty("text", out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()
                : part.TryGetProperty("refusal", out var refusal) && refusal.ValueKind == JsonValueKind.String ? refusal.GetString() : "");
        }

        return text.ToString();
    }

    /// <summary>A function call's output: a string, or text parts joined.</summary>
    private static string OutputText(JsonElement item, string path) =>
        item.TryGetProperty("output", out var output) ? output.ValueKind switch
        {
            JsonValueKind.String => output.GetString()!,
            JsonValueKind.Array => JoinedText(output, $"{path}.output"),
            _ => throw new UntranslatableRequestException($"`{path}.output` must be a string or an array of text parts."),
        }
        : throw new UntranslatableRequestException($"`{path}.output` is required.");

    private static string RequiredString(JsonElement obj, string name, string path) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new UntranslatableRequestException($"`{path}.{name}` is required and must be a string.");
}
