using System.Text.Json;

namespace RoutingCluster.Gateway.Translation.AnthropicClientOverOpenAi;

/// <summary>
/// One Anthropic user turn as OpenAI messages: a <c>tool</c> message per <c>tool_result</c> block, in
/// order, then one <c>user</c> message with the remaining text and images. OpenAI tool messages carry
/// text only, so images a tool returned move into that user message, labelled with the call id.
/// </summary>
internal static class UserTurnWriter
{
    public static void Write(Utf8JsonWriter writer, JsonElement blocks, string path)
    {
        var parts = new List<UserPart>();
        var i = 0;
        foreach (var block in blocks.EnumerateArray())
        {
            var blockPath = $"{path}.content[{i++}]";
            Json.RequiredObject(block, blockPath);
            switch (Json.RequiredString(block, "type", blockPath))
            {
                case "text":
                    parts.Add(new UserPart(Json.RequiredString(block, "text", blockPath), IsImage: false));
                    break;
                case "image":
                    parts.Add(new UserPart(ContentBlocks.ImageUrl(block, blockPath), IsImage: true));
                    break;
                case "document":
                    parts.Add(new UserPart(ContentBlocks.DocumentText(block, blockPath), IsImage: false));
                    break;
                case "tool_result":
                    WriteToolResult(writer, block, blockPath, parts);
                    break;
                case "thinking" or "redacted_thinking":
                    break;
                case var type:
                    throw ContentBlocks.Unsupported(type, blockPath, "user");
            }
        }

        if (parts.Count == 0)
        {
            return;
        }

        writer.WriteStartObject();
        writer.WriteString("role", "user");
        if (parts is [{ IsImage: false } single])
        {
            writer.WriteString("content", single.Value);
        }
        else
        {
            writer.WriteStartArray("content");
            foreach (var part in parts)
            {
                ContentBlocks.WritePart(writer, part);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    /// <summary>Text blocks of a result are joined with newlines; <c>is_error</c> prefixes "Error: ".</summary>
    private static void WriteToolResult(Utf8JsonWriter writer, JsonElement block, string path, List<UserPart> parts)
    {
        var id = Json.RequiredString(block, "tool_use_id", path);
        var text = "";
        switch (Json.Property(block, "content"))
        {
            case null:
                break;
            case { ValueKind: JsonValueKind.String } content:
                text = content.GetString()!;
                break;
            case { ValueKind: JsonValueKind.Array } content:
                text = FlattenResultBlocks(content, id, $"{path}.content", parts);
                break;
            default:
                throw new UntranslatableRequestException($"`{path}.content` must be a string or an array of content blocks.");
        }

        if (Json.Property(block, "is_error") is { ValueKind: JsonValueKind.True })
        {
            text = "Error: " + text;
        }

        writer.WriteStartObject();
        writer.WriteString("role", "tool");
        writer.WriteString("tool_call_id", id);
        writer.WriteString("content", text);
        writer.WriteEndObject();
    }

    private static string FlattenResultBlocks(JsonElement blocks, string toolUseId, string path, List<UserPart> parts)
    {
        var texts = new List<string>();
        var i = 0;
        foreach (var block in blocks.EnumerateArray())
        {
            var blockPath = $"{path}[{i++}]";
            Json.RequiredObject(block, blockPath);
            switch (Json.RequiredString(block, "type", blockPath))
            {
                case "text":
                    texts.Add(Json.RequiredString(block, "text", blockPath));
                    break;
                case "image":
                    parts.Add(new UserPart($"Image returned by tool call {toolUseId}:", IsImage: false));
                    parts.Add(new UserPart(ContentBlocks.ImageUrl(block, blockPath), IsImage: true));
                    break;
                case "document":
                    texts.Add(ContentBlocks.DocumentText(block, blockPath));
                    break;
                case var type:
                    throw ContentBlocks.Unsupported(type, blockPath, "tool_result");
            }
        }

        return string.Join("\n", texts);
    }
}
