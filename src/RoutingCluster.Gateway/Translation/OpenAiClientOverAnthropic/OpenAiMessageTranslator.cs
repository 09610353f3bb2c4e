using System.Text.Json.Nodes;

namespace RoutingCluster.Gateway.Translation.OpenAiClientOverAnthropic;

/// <summary>
/// Converts the OpenAI <c>messages</c> array into Anthropic's <c>system</c> text and alternating
/// <c>messages</c>. Invariants of the result: every system/developer message is hoisted into
/// <c>system</c> (joined by a blank line, in order); consecutive turns of one role are merged
/// (tool results become user turns, so several results after one assistant turn share one user
/// message); in a user turn tool_result blocks come first, as Anthropic requires; the first turn
/// is a user turn — when the client's conversation does not start with one,
/// <see cref="PlaceholderUserText"/> is inserted rather than refusing a request OpenAI would accept.
/// </summary>
internal static class OpenAiMessageTranslator
{
    /// <summary>Text of the user turn inserted when the conversation does not start with a user message.</summary>
    public const string PlaceholderUserText = "(conversation start)";

    public static (string? System, JsonArray Messages) Translate(JsonArray messages)
    {
        var system = new List<string>();
        var turns = new List<(string Role, List<JsonNode> Blocks)>();
        for (var i = 0; i < messages.Count; i++)
        {
            var path = $"messages[{i}]";
            var message = RequestJson.AsObject(messages[i], path);
            switch (RequestJson.RequiredString(message, "role", path))
            {
                case "system" or "developer":
                    var text = OpenAiContentTranslator.Text(RequestJson.Member(message, "content"), $"{path}.content");
                    if (text.Length > 0)
                    {
                        system.Add(text);
                    }

                    break;
                case "user":
                    Append(turns, "user", OpenAiContentTranslator.Blocks(RequestJson.Member(message, "content"), $"{path}.content", assistant: false));
                    break;
                case "assistant":
                    Append(turns, "assistant", AssistantBlocks(message, path));
                    break;
                case "tool":
                    Append(turns, "user", [ToolResult(message, path)]);
                    break;
                case var role:
                    throw new UntranslatableRequestException($"`{path}.role` is `{role}`, which the Anthropic upstream cannot take; allowed: system, developer, user, assistant, tool.");
            }
        }

        if (turns.Count == 0 || turns[0].Role != "user")
        {
            turns.Insert(0, ("user", [new JsonObject { ["type"] = "text", ["text"] = PlaceholderUserText }]));
        }

        var result = new JsonArray();
        foreach (var (role, blocks) in turns)
        {
            // Stable: tool results first, everything else after in its original order.
            var ordered = blocks.Where(IsToolResult).Concat(blocks.Where(b => !IsToolResult(b)));
            result.Add(new JsonObject { ["role"] = role, ["content"] = new JsonArray([.. ordered]) });
        }

        return (system.Count == 0 ? null : string.Join("\n\n", system), result);
    }

    private static void Append(List<(string Role, List<JsonNode> Blocks)> turns, string role, List<JsonNode> blocks)
    {
        // A message with nothing Anthropic can carry (empty text) must not break the alternation.
        if (blocks.Count == 0)
        {
            return;
        }

        if (turns.Count > 0 && turns[^1].Role == role)
        {
            turns[^1].Blocks.AddRange(blocks);
        }
        else
        {
            turns.Add((role, blocks));
        }
    }

    private static List<JsonNode> AssistantBlocks(JsonObject message, string path)
    {
        if (RequestJson.Member(message, "function_call") is not null)
        {
            throw new UntranslatableRequestException($"`{path}.function_call` is the legacy functions API; send `tool_calls` instead.");
        }

        var blocks = OpenAiContentTranslator.Blocks(RequestJson.Member(message, "content"), $"{path}.content", assistant: true);
        var toolCalls = RequestJson.OptionalArray(message, "tool_calls", path) ?? [];
        for (var i = 0; i < toolCalls.Count; i++)
        {
            blocks.Add(OpenAiToolTranslator.ToolUse(RequestJson.AsObject(toolCalls[i], $"{path}.tool_calls[{i}]"), $"{path}.tool_calls[{i}]"));
        }

        return blocks;
    }

    private static JsonObject ToolResult(JsonObject message, string path)
    {
        var result = new JsonObject
        {
            ["type"] = "tool_result",
            ["tool_use_id"] = RequestJson.RequiredString(message, "tool_call_id", path),
        };
        var content = OpenAiContentTranslator.Text(RequestJson.Member(message, "content"), $"{path}.content");
        if (content.Length > 0)
        {
            result["content"] = content;
        }

        return result;
    }

    private static bool IsToolResult(JsonNode block) => block["type"]?.GetValue<string>() == "tool_result";
}
