using System.Text.Json;

namespace RoutingCluster.Gateway.Translation.AnthropicClientOverOpenAi;

/// <summary>
/// Writes the OpenAI <c>messages</c> array: the system prompt first, then each Anthropic turn. A user
/// turn's <c>tool_result</c> blocks become <c>tool</c> messages written before the rest of that turn,
/// so they follow the assistant message that issued the calls, as OpenAI requires.
/// </summary>
internal static class AnthropicMessageTranslator
{
    public static void WriteMessages(Utf8JsonWriter writer, JsonElement request)
    {
        if (Json.Property(request, "messages") is not { ValueKind: JsonValueKind.Array } messages)
        {
            throw new UntranslatableRequestException("`messages` must be an array of messages.");
        }

        writer.WriteStartArray("messages");
        WriteSystem(writer, request);
        var i = 0;
        foreach (var message in messages.EnumerateArray())
        {
            var path = $"messages[{i++}]";
            Json.RequiredObject(message, path);
            var role = Json.RequiredString(message, "role", path);
            var content = Json.Property(message, "content") ?? throw new UntranslatableRequestException($"`{path}.content` is required.");
            if (role is not ("user" or "assistant"))
            {
                throw new UntranslatableRequestException($"`{path}.role` is `{role}`; Anthropic messages are `user` or `assistant` (the system prompt goes in `system`).");
            }

            if (content.ValueKind == JsonValueKind.String)
            {
                writer.WriteStartObject();
                writer.WriteString("role", role);
                writer.WriteString("content", content.GetString());
                writer.WriteEndObject();
            }
            else if (content.ValueKind != JsonValueKind.Array)
            {
                throw new UntranslatableRequestException($"`{path}.content` must be a string or an array of content blocks.");
            }
            else if (role == "user")
            {
                UserTurnWriter.Write(writer, content, path);
            }
            else
            {
                AssistantTurnWriter.Write(writer, content, path);
            }
        }

        writer.WriteEndArray();
    }

    /// <summary>
    /// System blocks are joined with a blank line into one string: every OpenAI-compatible upstream
    /// accepts a string system message, not all accept content parts there.
    /// </summary>
    private static void WriteSystem(Utf8JsonWriter writer, JsonElement request)
    {
        if (Json.Property(request, "system") is not { } system)
        {
            return;
        }

        string text;
        if (system.ValueKind == JsonValueKind.String)
        {
            text = system.GetString()!;
        }
        else if (system.ValueKind == JsonValueKind.Array)
        {
            var parts = new List<string>();
            var i = 0;
            foreach (var block in system.EnumerateArray())
            {
                var path = $"system[{i++}]";
                Json.RequiredObject(block, path);
                var type = Json.RequiredString(block, "type", path);
                parts.Add(type == "text"
                    ? Json.RequiredString(block, "text", path)
                    : throw new UntranslatableRequestException($"`{path}` is a `{type}` block; the system prompt may only hold `text` blocks."));
            }

            text = string.Join("\n\n", parts);
        }
        else
        {
            throw new UntranslatableRequestException("`system` must be a string or an array of text blocks.");
        }

        if (text.Length > 0)
        {
            writer.WriteStartObject();
            writer.WriteString("role", "system");
            writer.WriteString("content", text);
            writer.WriteEndObject();
        }
    }
}
