using System.Text.Json;

namespace RoutingCluster.Gateway.Translation.AnthropicClientOverOpenAi;

/// <summary>
/// One Anthropic assistant turn as one OpenAI assistant message: text blocks joined with a blank line
/// into <c>content</c> (null when there are only tool calls), <c>tool_use</c> blocks as <c>tool_calls</c>.
/// Thinking blocks are dropped: their signatures mean nothing to another provider.
/// </summary>
internal static class AssistantTurnWriter
{
    public static void Write(Utf8JsonWriter writer, JsonElement blocks, string path)
    {
        var texts = new List<string>();
        var calls = new List<(string Id, string Name, string Arguments)>();
        var i = 0;
        foreach (var block in blocks.EnumerateArray())
        {
            var blockPath = $"{path}.content[{i++}]";
            Json.RequiredObject(block, blockPath);
            switch (Json.RequiredString(block, "type", blockPath))
            {
                case "text":
                    texts.Add(Json.RequiredString(block, "text", blockPath));
                    break;
                case "tool_use":
                    calls.Add((Json.RequiredString(block, "id", blockPath), Json.RequiredString(block, "name", blockPath), Arguments(block, blockPath)));
                    break;
                case "thinking" or "redacted_thinking":
                    break;
                case var type:
                    throw ContentBlocks.Unsupported(type, blockPath, "assistant");
            }
        }

        if (texts.Count == 0 && calls.Count == 0)
        {
            return;
        }

        writer.WriteStartObject();
        writer.WriteString("role", "assistant");
        if (texts.Count > 0)
        {
            writer.WriteString("content", string.Join("\n\n", texts));
        }
        else
        {
            writer.WriteNull("content");
        }

        if (calls.Count > 0)
        {
            writer.WriteStartArray("tool_calls");
            foreach (var (id, name, arguments) in calls)
            {
                writer.WriteStartObject();
                writer.WriteString("id", id);
                writer.WriteString("type", "function");
                writer.WriteStartObject("function");
                writer.WriteString("name", name);
                writer.WriteString("arguments", arguments);
                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    private static string Arguments(JsonElement block, string path) => Json.Property(block, "input") switch
    {
        null => "{}",
        { ValueKind: JsonValueKind.Object } input => ContentBlocks.CompactJson(input),
        var input => throw new UntranslatableRequestException($"`{path}.input` must be an object, not {Json.Kind(input.Value)}."),
    };
}
