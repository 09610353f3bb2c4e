using System.Buffers;
using System.Text;
using System.Text.Json;

namespace RoutingCluster.Gateway.Translation.OpenAiClientOverResponses;

/// <summary>
/// A chat-completions request as a Responses request: system and developer messages, user and
/// assistant turns become <c>input</c> message items (user images as <c>input_image</c>), assistant
/// <c>tool_calls</c> become <c>function_call</c> items and <c>tool</c> messages
/// <c>function_call_output</c> items; function tools, <c>tool_choice</c>, <c>parallel_tool_calls</c>,
/// the output cap (as <c>max_output_tokens</c>), <c>reasoning_effort</c> (as <c>reasoning.effort</c>),
/// <c>response_format</c> (as <c>text.format</c>), sampling and <c>user</c> map to their Responses
/// names; <c>store</c> is false (the gateway never relies on stored responses).
/// </summary>
public static class ChatToResponsesRequest
{
    public static RequestTranslation ToResponses(ReadOnlySpan<byte> chatBody, string upstreamModel)
    {
        try
        {
            return new RequestTranslation.Translated(Write(chatBody, upstreamModel));
        }
        catch (UntranslatableRequestException ex)
        {
            return new RequestTranslation.Untranslatable(ex.Message);
        }
        catch (Exception ex) when (ex is InvalidOperationException or KeyNotFoundException)
        {
            // A string that is not Unicode, a value of another kind than read, or a required member missing.
            return new RequestTranslation.Untranslatable(UntranslatableRequestException.NotUnicodeOrMistyped);
        }
    }

    private static byte[] Write(ReadOnlySpan<byte> body, string upstreamModel)
    {
        using var document = JsonDocument.Parse(body.ToArray());
        var request = document.RootElement;
        var buffer = new ArrayBufferWriter<byte>(body.Length + 256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("model", upstreamModel);
            writer.WriteBoolean("store", false);
            writer.WriteStartArray("input");
            var i = 0;
            foreach (var message in request.GetProperty("messages").EnumerateArray())
            {
                WriteMessage(writer, message, $"messages[{i++}]");
            }

            writer.WriteEndArray();
            WriteTools(writer, request);
            WriteOptions(writer, request);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteMessage(Utf8JsonWriter writer, JsonElement message, string path)
    {
        var role = message.TryGetProperty("role", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
        var content = message.TryGetProperty("content", out var c) ? c : default;
        switch (role)
        {
            case "system" or "developer" or "user":
                writer.WriteStartObject();
                writer.WriteString("type", "message");
                writer.WriteString("role", role);
                writer.WriteStartArray("content");
                WriteParts(writer, content, "input_text", path);
                writer.WriteEndArray();
                writer.WriteEndObject();
                break;
            case "assistant":
                if (content.ValueKind is JsonValueKind.String or JsonValueKind.Array && Text(content, path) is { Length: > 0 } text)
                {
                    writer.WriteStartObject();
                    writer.WriteString("type", "message");
                    writer.WriteString("role", "assistant");
                    writer.WriteStartArray("content");
                    writer.WriteStartObject();
                    writer.WriteString("type", "output_text");
                    writer.WriteString("text", text);
                    writer.WriteEndObject();
                    writer.WriteEndArray();
                    writer.WriteEndObject();
                }

                if (message.TryGetProperty("tool_calls", out var calls) && calls.ValueKind == JsonValueKind.Array)
                {
                    foreach (var call in calls.EnumerateArray())
                    {
                        var function = call.GetProperty("function");
                        writer.WriteStartObject();
                        writer.WriteString("type", "function_call");
                        writer.WriteString("call_id", call.GetProperty("id").GetString());
                        writer.WriteString("name", function.GetProperty("name").GetString());
                        writer.WriteString("arguments", function.TryGetProperty("arguments", out var args) && args.ValueKind == JsonValueKind.String ? args.GetString() : "{}");
                        writer.WriteEndObject();
                    }
                }

                break;
            case "tool":
                writer.WriteStartObject();
                writer.WriteString("type", "function_call_output");
                writer.WriteString("call_id", message.TryGetProperty("tool_call_id", out var id) && id.ValueKind == JsonValueKind.String
                    ? id.GetString()
                    : throw new UntranslatableRequestException($"`{path}.tool_call_id` is required."));
                writer.WriteString("output", Text(content, path));
                writer.WriteEndObject();
                break;
            default:
                throw new UntranslatableRequestException($"`{path}.role` is `{role}`; expected system, developer, user, assistant or tool.");
        }
    }

    private static void WriteParts(Utf8JsonWriter writer, JsonElement content, string textType, string path)
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            writer.WriteStartObject();
            writer.WriteString("type", textType);
            writer.WriteString("text", content.GetString());
            writer.WriteEndObject();
            return;
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            throw new UntranslatableRequestException($"`{path}.content` must be a string or an array of parts.");
        }

        var i = 0;
        foreach (var part in content.EnumerateArray())
        {
            var type = part.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            writer.WriteStartObject();
            switch (type)
            {
                case "text":
                    writer.WriteString("type", textType);
                    writer.WriteString("text", part.GetProperty("text").GetString());
                    break;
                case "image_url":
                    var image = part.GetProperty("image_url");
                    writer.WriteString("type", "input_image");
                    writer.WriteString("image_url", image.ValueKind == JsonValueKind.String ? image.GetString() : image.GetProperty("url").GetString());
                    break;
                default:
                    throw new UntranslatableRequestException($"`{path}.content[{i}]` is a `{type}` part, which this upstream cannot carry.");
            }

            writer.WriteEndObject();
            i++;
        }
    }

    private static string Text(JsonElement content, string path)
    {
        if (content.ValueKind is JsonValueKind.String)
        {
            return content.GetString()!;
        }

        if (content.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return "";
        }

        var text = new StringBuilder();
        foreach (var part in content.EnumerateArray())
        {
            text.Append(part.TryGetProperty("text", out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : throw new UntranslatableRequestException($"`{path}.content` may only hold text parts here."));
        }

        return text.ToString();
    }

    private static void WriteTools(Utf8JsonWriter writer, JsonElement request)
    {
        if (request.TryGetProperty("tools", out var tools) && tools.ValueKind == JsonValueKind.Array && tools.GetArrayLength() > 0)
        {
            writer.WriteStartArray("tools");
            foreach (var tool in tools.EnumerateArray())
            {
                var function = tool.GetProperty("function");
                writer.WriteStartObject();
                writer.WriteString("type", "function");
                foreach (var member in function.EnumerateObject())
                {
                    if (member.Name is "name" or "description" or "parameters" or "strict")
                    {
                        member.WriteTo(writer);
                    }
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        if (request.TryGetProperty("tool_choice", out var choice))
        {
            if (choice.ValueKind == JsonValueKind.String)
            {
                writer.WriteString("tool_choice", choice.GetString());
            }
            else if (choice.ValueKind == JsonValueKind.Object && choice.TryGetProperty("function", out var named))
            {
                writer.WriteStartObject("tool_choice");
                writer.WriteString("type", "function");
                writer.WriteString("name", named.GetProperty("name").GetString());
                writer.WriteEndObject();
            }
        }

        if (request.TryGetProperty("parallel_tool_calls", out var parallel) && parallel.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            writer.WriteBoolean("parallel_tool_calls", parallel.GetBoolean());
        }
    }

    private static void WriteOptions(Utf8JsonWriter writer, JsonElement request)
    {
        foreach (var cap in (string[])["max_completion_tokens", "max_tokens"])
        {
            if (request.TryGetProperty(cap, out var value) && value.ValueKind == JsonValueKind.Number)
            {
                writer.WriteNumber("max_output_tokens", value.GetInt32());
                break;
            }
        }

        foreach (var name in (string[])["temperature", "top_p", "user"])
        {
            if (request.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.Number or JsonValueKind.String)
            {
                writer.WritePropertyName(name);
                value.WriteTo(writer);
            }
        }

        if (request.TryGetProperty("reasoning_effort", out var effort) && effort.ValueKind == JsonValueKind.String)
        {
            writer.WriteStartObject("reasoning");
            writer.WriteString("effort", effort.GetString());
            writer.WriteEndObject();
        }

        if (request.TryGetProperty("response_format", out var format) && format.ValueKind == JsonValueKind.Object
            && format.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && !type.ValueEquals("text"))
        {
            writer.WriteStartObject("text");
            writer.WriteStartObject("format");
            writer.WriteString("type", type.GetString());
            if (format.TryGetProperty("json_schema", out var schema) && schema.ValueKind == JsonValueKind.Object)
            {
                foreach (var member in schema.EnumerateObject())
                {
                    member.WriteTo(writer);
                }
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        if (request.TryGetProperty("stream", out var stream) && stream.ValueKind == JsonValueKind.True)
        {
            writer.WriteBoolean("stream", true);
        }
    }
}
