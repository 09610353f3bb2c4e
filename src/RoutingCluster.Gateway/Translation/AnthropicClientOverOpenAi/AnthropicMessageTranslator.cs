using System.Text.Json;

namespace RoutingCluster.Gateway.Translation.AnthropicClientOverOpenAi;

/// <summary>
/// Writes the OpenAI <c>messages</c> array: the system prompt first, then each Anthropic turn (a
/// <c>system</c> turn, which current Claude Code sends among the others, as a system message in its place). A user
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
            if (role == "system")
            {
                // Current Claude Code sends system turns between the others: a system message at the same place.
                WriteSystemMessage(writer, SystemText(content, $"{path}.content"));
                continue;
            }

            if (role is not ("user" or "assistant"))
            {
                throw new UntranslatableRequestException($"`{path}.role` is `{role}`; Anthropic messages are `user`, `assistant` or `system`.");
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
    /// The top-level system prompt, first. System text (a string, or text blocks joined with a blank
    /// line) becomes one string: every OpenAI-compatible upstream accepts a string system message,
    /// not all accept content parts there.
    /// </summary>
    private static void WriteSystem(Utf8JsonWriter writer, JsonElement request)
    {
        if (Json.Property(request, "system") is { } system)
        {
            WriteSystemMessage(writer, SystemText(system, "system"));
        }
    }

    private static void WriteSystemMessage(Utf8JsonWriter writer, string text)
    {
        if (text.Length > 0)
        {
            writer.WriteStartObject();
            writer.WriteString("role", "system");
            writer.WriteString("content", text);
            writer.WriteEndObject();
        }
    }

    private static string SystemText(JsonElement system, string path)
    {
        if (system.ValueKind == JsonValueKind.String)
        {
            return system.GetString()!;
        }

        if (system.ValueKind != JsonValueKind.Array)
        {
            throw new UntranslatableRequestException($"`{path}` must be a string or an array of text blocks.");
        }

        var parts = new List<string>();
        var i = 0;
        foreach (var block in system.EnumerateArray())
        {
            var blockPath = $"{path}[{i++}]";
            Json.RequiredObject(block, blockPath);
            var type = Json.RequiredString(block, "type", blockPath);
            parts.Add(type == "text"
                ? Json.RequiredString(block, "text", blockPath)
                : throw new UntranslatableRequestException($"`{blockPath}` is a `{type}` block; system text may only hold `text` blocks."));
        }

        return string.Join("\n\n", parts);
    }
}
