using System.Text.Json;
using System.Text.Json.Nodes;

namespace RoutingCluster.Testing;

/// <summary>
/// Anthropic's Messages API wire format as <see cref="MockUpstream"/> writes it, plus the request checks a
/// real Anthropic endpoint would fail with 400, so a gateway's translation bugs surface as errors, not as
/// silently accepted bodies.
/// </summary>
internal static class MockAnthropicJson
{
    public const string Version = "2023-06-01";

    /// <summary>Keys only the OpenAI chat format has; Anthropic rejects them as extra inputs.</summary>
    private static readonly string[] OpenAiOnlyKeys =
    [
        "stream_options", "max_completion_tokens", "n", "response_format", "frequency_penalty", "presence_penalty",
        "logprobs", "top_logprobs", "seed", "parallel_tool_calls", "functions", "function_call", "logit_bias",
    ];

    public static string Error(string type, string message, string? requestId)
    {
        var root = new JsonObject
        {
            ["type"] = "error",
            ["error"] = new JsonObject { ["type"] = type, ["message"] = message },
        };
        if (requestId is not null)
        {
            root["request_id"] = requestId;
        }

        return root.ToJsonString();
    }

    public static string ErrorType(int status) =>
        status switch
        {
            400 => "invalid_request_error",
            401 => "authentication_error",
            402 => "billing_error",
            403 => "permission_error",
            404 => "not_found_error",
            413 => "request_too_large",
            429 => "rate_limit_error",
            504 => "timeout_error",
            529 => "overloaded_error",
            _ => "api_error",
        };

    public static string Message(string id, string model, MockReply reply, bool useTool)
    {
        var root = MessageEnvelope(id, model, new JsonArray([.. Blocks(id, reply, useTool)]), useTool ? "tool_use" : "end_turn");
        root["usage"] = Usage(reply, reply.CompletionTokens);
        return root.ToJsonString();
    }

    /// <summary>Every SSE event of a streamed reply, <c>message_start</c> to <c>message_stop</c>.</summary>
    public static List<MockSseEvent> Events(string id, string model, MockReply reply, bool useTool)
    {
        var start = MessageEnvelope(id, model, [], null);
        start["usage"] = Usage(reply, 1);
        var events = new List<MockSseEvent> { Event("message_start", new JsonObject { ["message"] = start }) };

        var pieces = new List<(JsonObject Start, JsonObject[] Deltas)>();
        if (useTool)
        {
            if (reply.LeadingText is { } leading)
            {
                pieces.Add(TextBlock(leading, reply.Chunks));
            }

            var toolStart = ToolUse(id, reply.Tool!.Name, new JsonObject());
            var deltas = MockJson.Split(reply.Tool.ArgumentsJson, reply.Chunks)
                .Select(piece => new JsonObject { ["type"] = "input_json_delta", ["partial_json"] = piece })
                .ToArray();
            pieces.Add((toolStart, deltas));
        }
        else
        {
            pieces.Add(TextBlock(reply.Content, reply.Chunks));
        }

        for (var index = 0; index < pieces.Count; index++)
        {
            var (block, deltas) = pieces[index];
            events.Add(Event("content_block_start", new JsonObject { ["index"] = index, ["content_block"] = block }));
            if (index == 0)
            {
                events.Add(Event("ping", []));
            }

            events.AddRange(deltas.Select(delta =>
                Event("content_block_delta", new JsonObject { ["index"] = index, ["delta"] = delta })));
            events.Add(Event("content_block_stop", new JsonObject { ["index"] = index }));
        }

        events.Add(Event("message_delta", new JsonObject
        {
            ["delta"] = new JsonObject { ["stop_reason"] = useTool ? "tool_use" : "end_turn", ["stop_sequence"] = null },
            ["usage"] = new JsonObject { ["output_tokens"] = reply.CompletionTokens },
        }));
        events.Add(Event("message_stop", []));
        return events;
    }

    public static MockSseEvent ErrorEvent(string type, string message) =>
        Event("error", new JsonObject { ["error"] = new JsonObject { ["type"] = type, ["message"] = message } });

    public static string Models() =>
        new JsonObject
        {
            ["data"] = new JsonArray { Model("claude-mock"), Model("claude-mock-haiku") },
            ["has_more"] = false,
            ["first_id"] = "claude-mock",
            ["last_id"] = "claude-mock-haiku",
        }.ToJsonString();

    /// <summary>Why Anthropic would reject the body with 400 <c>invalid_request_error</c>, or null when it
    /// would not: the required fields, message roles and shapes, tool definitions, and OpenAI-only keys.</summary>
    public static string? Validate(JsonNode? json)
    {
        if (json is not JsonObject root)
        {
            return "Request body must be a JSON object.";
        }

        if (root["model"] is not JsonValue model || !model.TryGetValue<string>(out var name) || name.Length == 0)
        {
            return "model: Field required";
        }

        if (root["max_tokens"] is not JsonValue maxTokens || !maxTokens.TryGetValue<long>(out var max))
        {
            return "max_tokens: Field required";
        }

        if (max < 1)
        {
            return "max_tokens: Input should be greater than or equal to 1";
        }

        if (root["stream"] is { } stream && stream.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
        {
            return "stream: Input should be a valid boolean";
        }

        if (root["system"] is { } system && system.GetValueKind() is not (JsonValueKind.String or JsonValueKind.Array))
        {
            return "system: Input should be a valid string or list of text blocks";
        }

        return OpenAiOnlyKeys.FirstOrDefault(root.ContainsKey) is { } extra
            ? $"{extra}: Extra inputs are not permitted"
            : ValidateMessages(root["messages"]) ?? ValidateTools(root["tools"]);
    }

    private static string? ValidateMessages(JsonNode? messages)
    {
        if (messages is null)
        {
            return "messages: Field required";
        }

        if (messages is not JsonArray list)
        {
            return "messages: Input should be a valid list";
        }

        if (list.Count == 0)
        {
            return "messages: at least one message is required";
        }

        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is not JsonObject message)
            {
                return $"messages.{i}: Input should be a valid dictionary";
            }

            var role = message["role"] is JsonValue r && r.TryGetValue<string>(out var s) ? s : null;
            // System turns among the others are accepted, as current Claude Code sends them and the API takes them.
            if (role is not ("user" or "assistant" or "system"))
            {
                return $"messages.{i}.role: Input should be 'user', 'assistant' or 'system'";
            }

            if (message.Select(p => p.Key).FirstOrDefault(key => key is not ("role" or "content")) is { } extra)
            {
                return $"messages.{i}.{extra}: Extra inputs are not permitted";
            }

            if (ValidateContent(message["content"], $"messages.{i}.content") is { } error)
            {
                return error;
            }
        }

        return null;
    }

    private static string? ValidateContent(JsonNode? content, string path)
    {
        if (content?.GetValueKind() == JsonValueKind.String)
        {
            return null;
        }

        if (content is not JsonArray blocks)
        {
            return $"{path}: Input should be a valid list";
        }

        for (var j = 0; j < blocks.Count; j++)
        {
            var type = blocks[j]?["type"] is JsonValue t && t.TryGetValue<string>(out var s) ? s : null;
            if (type is null)
            {
                return $"{path}.{j}.type: Field required";
            }

            if (type is "image_url" or "input_audio" or "file")
            {
                return $"{path}.{j}.type: Input tag '{type}' found using 'type' does not match any of the expected tags";
            }
        }

        return null;
    }

    private static string? ValidateTools(JsonNode? tools)
    {
        if (tools is null)
        {
            return null;
        }

        if (tools is not JsonArray list)
        {
            return "tools: Input should be a valid list";
        }

        for (var i = 0; i < list.Count; i++)
        {
            var type = list[i]?["type"] is JsonValue t && t.TryGetValue<string>(out var s) ? s : null;
            if (type == "function")
            {
                return $"tools.{i}.type: Input tag 'function' found using 'type' does not match any of the expected tags";
            }

            if (list[i]?["name"]?.GetValueKind() != JsonValueKind.String)
            {
                return $"tools.{i}.name: Field required";
            }

            if (type is null or "custom" && list[i]?["input_schema"] is not JsonObject)
            {
                return $"tools.{i}.custom.input_schema: Field required";
            }
        }

        return null;
    }

    private static IEnumerable<JsonObject> Blocks(string id, MockReply reply, bool useTool)
    {
        if (!useTool)
        {
            yield return new JsonObject { ["type"] = "text", ["text"] = reply.Content };
            yield break;
        }

        if (reply.LeadingText is { } leading)
        {
            yield return new JsonObject { ["type"] = "text", ["text"] = leading };
        }

        JsonNode? input;
        try
        {
            input = JsonNode.Parse(reply.Tool!.ArgumentsJson);
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException(
                "MockReply.ToolCall arguments must be a JSON object to render a non-streamed Anthropic tool_use block.", e);
        }

        yield return ToolUse(id, reply.Tool.Name, input ?? new JsonObject());
    }

    private static (JsonObject Start, JsonObject[] Deltas) TextBlock(string text, int chunks) =>
        (new JsonObject { ["type"] = "text", ["text"] = "" },
         [.. MockJson.Split(text, chunks).Select(piece => new JsonObject { ["type"] = "text_delta", ["text"] = piece })]);

    private static JsonObject ToolUse(string messageId, string name, JsonNode input) =>
        new() { ["type"] = "tool_use", ["id"] = ToolUseId(messageId), ["name"] = name, ["input"] = input };

    private static JsonObject MessageEnvelope(string id, string model, JsonArray content, string? stopReason) =>
        new()
        {
            ["id"] = id,
            ["type"] = "message",
            ["role"] = "assistant",
            ["model"] = model,
            ["content"] = content,
            ["stop_reason"] = stopReason,
            ["stop_sequence"] = null,
        };

    private static JsonObject Usage(MockReply reply, long outputTokens) =>
        new()
        {
            ["input_tokens"] = reply.PromptTokens,
            ["cache_creation_input_tokens"] = reply.CacheCreationTokens,
            ["cache_read_input_tokens"] = reply.CacheReadTokens,
            ["output_tokens"] = outputTokens,
        };

    /// <summary>An event whose <c>data</c> repeats the event name as <c>type</c>, first, as Anthropic sends it.</summary>
    private static MockSseEvent Event(string name, JsonObject payload)
    {
        var data = new JsonObject { ["type"] = name };
        foreach (var (key, value) in payload.ToList())
        {
            payload.Remove(key);
            data[key] = value;
        }

        return new MockSseEvent(name, data.ToJsonString());
    }

    private static JsonObject Model(string id) =>
        new() { ["type"] = "model", ["id"] = id, ["display_name"] = id, ["created_at"] = "2026-01-01T00:00:00Z" };

    private static string ToolUseId(string messageId) => "toolu_" + messageId["msg_".Length..];
}
