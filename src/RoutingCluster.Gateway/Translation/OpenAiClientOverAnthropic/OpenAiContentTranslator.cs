using System.Text;
using System.Text.Json.Nodes;

namespace RoutingCluster.Gateway.Translation.OpenAiClientOverAnthropic;

/// <summary>
/// Converts OpenAI message content (a string, null, or an array of parts) into Anthropic content
/// blocks. Empty text is skipped because Anthropic rejects empty text blocks; parts that cannot be
/// expressed (audio, files) are refused rather than silently lost.
/// </summary>
internal static class OpenAiContentTranslator
{
    /// <summary>The text of content that may only hold text (system, developer and tool messages); parts are joined by a newline.</summary>
    public static string Text(JsonNode? content, string path)
    {
        if (content is null or JsonValue)
        {
            return content is null ? "" : StringOf(content, path);
        }

        var parts = content as JsonArray ?? throw RequestJson.Invalid(path, "a string or an array of parts");
        var text = new StringBuilder();
        for (var i = 0; i < parts.Count; i++)
        {
            var part = RequestJson.AsObject(parts[i], $"{path}[{i}]");
            var type = RequestJson.RequiredString(part, "type", $"{path}[{i}]");
            if (type != "text")
            {
                throw new UntranslatableRequestException($"`{path}[{i}].type` is `{type}`; only text parts are allowed here.");
            }

            text.Append(text.Length > 0 ? "\n" : "").Append(RequestJson.RequiredString(part, "text", $"{path}[{i}]"));
        }

        return text.ToString();
    }

    /// <summary>Content blocks of a user message (text, images) or an assistant message (text, refusals).</summary>
    public static List<JsonNode> Blocks(JsonNode? content, string path, bool assistant)
    {
        var blocks = new List<JsonNode>();
        if (content is null or JsonValue)
        {
            AddText(blocks, content is null ? "" : StringOf(content, path));
            return blocks;
        }

        var parts = content as JsonArray ?? throw RequestJson.Invalid(path, "a string or an array of parts");
        for (var i = 0; i < parts.Count; i++)
        {
            var partPath = $"{path}[{i}]";
            var part = RequestJson.AsObject(parts[i], partPath);
            switch (RequestJson.RequiredString(part, "type", partPath))
            {
                case "text":
                    AddText(blocks, RequestJson.RequiredString(part, "text", partPath));
                    break;
                case "refusal" when assistant:
                    AddText(blocks, RequestJson.RequiredString(part, "refusal", partPath));
                    break;
                case "image_url" when !assistant:
                    blocks.Add(OpenAiImageTranslator.Image(part, partPath));
                    break;
                case var type:
                    throw new UntranslatableRequestException(
                        $"`{partPath}.type` is `{type}`, which the Anthropic upstream cannot take in a {(assistant ? "assistant" : "user")} message; allowed: {(assistant ? "text, refusal" : "text, image_url")}.");
            }
        }

        return blocks;
    }

    private static void AddText(List<JsonNode> blocks, string text)
    {
        if (text.Length > 0)
        {
            blocks.Add(new JsonObject { ["type"] = "text", ["text"] = text });
        }
    }

    private static string StringOf(JsonNode content, string path) =>
        content is JsonValue value && value.TryGetValue<string>(out var text) ? text : throw RequestJson.Invalid(path, "a string or an array of parts");
}
