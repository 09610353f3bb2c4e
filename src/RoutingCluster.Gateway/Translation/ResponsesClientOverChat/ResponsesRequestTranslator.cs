using System.Buffers;
using System.Text.Json;

namespace RoutingCluster.Gateway.Translation.ResponsesClientOverChat;

/// <summary>
/// A Responses request as a chat-completions request. <c>instructions</c> becomes the first system
/// message; <c>input</c> (a string, or items) becomes messages: message items by role
/// (<c>developer</c> as <c>system</c>), <c>function_call</c> items as an assistant message's
/// <c>tool_calls</c> (consecutive calls in one message), <c>function_call_output</c> as <c>tool</c>
/// messages; reasoning items are dropped (their content is the upstream's own, encrypted or summarised).
/// Function tools, <c>tool_choice</c>, <c>parallel_tool_calls</c>, <c>max_output_tokens</c>,
/// <c>reasoning.effort</c>, <c>text.format</c>, sampling and <c>user</c> map to their chat names;
/// <c>store</c>, <c>include</c>, <c>prompt_cache_key</c>, <c>metadata</c>, <c>truncation</c> and
/// <c>service_tier</c> are dropped, and so are hosted tools (<c>web_search</c>, ...) and tool
/// namespaces, which only a Responses upstream runs. What chat cannot express and the client needs
/// (<c>previous_response_id</c>, file inputs, a <c>tool_choice</c> naming a hosted tool) makes the
/// candidate untranslatable.
/// </summary>
public static class ResponsesRequestTranslator
{
    public static RequestTranslation ToChat(ReadOnlySpan<byte> responsesBody, string upstreamModel)
    {
        try
        {
            return new RequestTranslation.Translated(Write(responsesBody, upstreamModel));
        }
        catch (UntranslatableRequestException ex)
        {
            return new RequestTranslation.Untranslatable(ex.Message);
        }
        catch (InvalidOperationException)
        {
            return new RequestTranslation.Untranslatable(UntranslatableRequestException.NotUnicodeOrMistyped);
        }
    }

    private static byte[] Write(ReadOnlySpan<byte> body, string upstreamModel)
    {
        using var document = JsonDocument.Parse(body.ToArray());
        var request = document.RootElement;
        if (Has(request, "previous_response_id"))
        {
            throw new UntranslatableRequestException("`previous_response_id` needs a stored conversation, which a chat-completions upstream does not keep; send the whole `input` instead.");
        }

        var buffer = new ArrayBufferWriter<byte>(body.Length + 256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("model", upstreamModel);
            WriteMessages(writer, request);
            WriteTools(writer, request);
            WriteOptions(writer, request);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static bool Has(JsonElement request, string name) =>
        request.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null;

    private static void WriteMessages(Utf8JsonWriter writer, JsonElement request)
    {
        writer.WriteStartArray("messages");
        if (request.TryGetProperty("instructions", out var instructions) && instructions.ValueKind == JsonValueKind.String && instructions.GetString() is { Length: > 0 } system)
        {
            WriteTextMessage(writer, "system", system);
        }

        var input = request.GetProperty("input");
        if (input.ValueKind == JsonValueKind.String)
        {
            WriteTextMessage(writer, "user", input.GetString()!);
        }
        else
        {
            ResponsesInputWriter.Write(writer, input);
        }

        writer.WriteEndArray();
    }

    internal static void WriteTextMessage(Utf8JsonWriter writer, string role, string text)
    {
        writer.WriteStartObject();
        writer.WriteString("role", role);
        writer.WriteString("content", text);
        writer.WriteEndObject();
    }

    private static void WriteTools(Utf8JsonWriter writer, JsonElement request)
    {
        // Hosted tools (web_search, file_search, ...) and namespaces of tools run at a Responses upstream;
        // a chat upstream cannot offer them, so they are left out: the model works without them (Codex
        // sends web_search and a multi-agent namespace on every turn). Only function tools are offered.
        var functions = request.TryGetProperty("tools", out var tools) && tools.ValueKind == JsonValueKind.Array
            ? tools.EnumerateArray().Where(tool => tool.ValueKind == JsonValueKind.Object && tool.TryGetProperty("type", out var t) && t.ValueEquals("function")).ToList()
            : [];
        if (functions.Count > 0)
        {
            writer.WriteStartArray("tools");
            foreach (var tool in functions)
            {
                writer.WriteStartObject();
                writer.WriteString("type", "function");
                writer.WriteStartObject("function");
                foreach (var member in tool.EnumerateObject())
                {
                    if (member.Name is "name" or "description" or "parameters" or "strict")
                    {
                        member.WriteTo(writer);
                    }
                }

                writer.WriteEndObject();
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
            else if (choice.ValueKind == JsonValueKind.Object && choice.TryGetProperty("type", out var choiceType) && choiceType.ValueEquals("function")
                && choice.TryGetProperty("name", out var choiceName) && choiceName.ValueKind == JsonValueKind.String)
            {
                writer.WriteStartObject("tool_choice");
                writer.WriteString("type", "function");
                writer.WriteStartObject("function");
                writer.WriteString("name", choiceName.GetString());
                writer.WriteEndObject();
                writer.WriteEndObject();
            }
            else if (choice.ValueKind != JsonValueKind.Null)
            {
                throw new UntranslatableRequestException("`tool_choice` names a hosted tool, which only a Responses upstream runs; a chat-completions upstream offers only function tools.");
            }
        }

        if (request.TryGetProperty("parallel_tool_calls", out var parallel) && parallel.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            writer.WriteBoolean("parallel_tool_calls", parallel.GetBoolean());
        }
    }

    private static void WriteOptions(Utf8JsonWriter writer, JsonElement request)
    {
        if (request.TryGetProperty("max_output_tokens", out var cap) && cap.ValueKind == JsonValueKind.Number)
        {
            writer.WriteNumber("max_tokens", cap.GetInt32());
        }

        foreach (var name in (string[])["temperature", "top_p", "user"])
        {
            if (request.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.Number or JsonValueKind.String)
            {
                writer.WritePropertyName(name);
                value.WriteTo(writer);
            }
        }

        if (request.TryGetProperty("reasoning", out var reasoning) && reasoning.ValueKind == JsonValueKind.Object
            && reasoning.TryGetProperty("effort", out var effort) && effort.ValueKind == JsonValueKind.String)
        {
            writer.WriteString("reasoning_effort", effort.GetString());
        }

        WriteTextFormat(writer, request);
        if (request.TryGetProperty("stream", out var stream) && stream.ValueKind == JsonValueKind.True)
        {
            writer.WriteBoolean("stream", true);
            writer.WriteStartObject("stream_options");
            writer.WriteBoolean("include_usage", true);
            writer.WriteEndObject();
        }
    }

    /// <summary><c>text.format</c> (<c>json_schema</c> with its name, schema and strict, or <c>json_object</c>) as <c>response_format</c>.</summary>
    private static void WriteTextFormat(Utf8JsonWriter writer, JsonElement request)
    {
        if (!request.TryGetProperty("text", out var text) || text.ValueKind != JsonValueKind.Object
            || !text.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.Object
            || !format.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.ValueEquals("text"))
        {
            return;
        }

        writer.WriteStartObject("response_format");
        writer.WriteString("type", type.GetString());
        if (type.ValueEquals("json_schema"))
        {
            writer.WriteStartObject("json_schema");
            foreach (var member in format.EnumerateObject())
            {
                if (member.Name is "name" or "schema" or "strict" or "description")
                {
                    member.WriteTo(writer);
                }
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }
}
