using System.Text.Json.Nodes;

namespace RoutingCluster.Testing;

/// <summary>The OpenAI chat completions wire format as <see cref="MockUpstream"/> writes it.</summary>
internal static class MockJson
{
    /// <summary>2026-01-01T00:00:00Z, so bodies are deterministic.</summary>
    private const long Created = 1767225600;

    public static string Error(string message, string type, string? code) =>
        new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["message"] = message,
                ["type"] = type,
                ["param"] = null,
                ["code"] = code,
            },
        }.ToJsonString();

    public static string Completion(string id, string model, MockReply reply, bool useTool)
    {
        var message = new JsonObject { ["role"] = "assistant" };
        if (useTool)
        {
            message["content"] = reply.LeadingText;
            message["tool_calls"] = new JsonArray
            {
                new JsonObject
                {
                    ["id"] = ToolCallId(id),
                    ["type"] = "function",
                    ["function"] = new JsonObject { ["name"] = reply.Tool!.Name, ["arguments"] = reply.Tool.ArgumentsJson },
                },
            };
        }
        else
        {
            message["content"] = reply.Content;
        }

        var root = Envelope(id, "chat.completion", model);
        root["choices"] = new JsonArray
        {
            new JsonObject
            {
                ["index"] = 0,
                ["message"] = message,
                ["logprobs"] = null,
                ["finish_reason"] = useTool ? "tool_calls" : "stop",
            },
        };
        root["usage"] = Usage(reply);
        return root.ToJsonString();
    }

    /// <summary>Every SSE <c>data:</c> payload of a streamed reply, without the final <c>[DONE]</c>.</summary>
    public static List<string> Chunks(string id, string model, MockReply reply, bool useTool, bool includeUsage)
    {
        var deltas = new List<JsonObject>();
        if (useTool)
        {
            if (reply.LeadingText is { } leading)
            {
                AddContentDeltas(deltas, leading, reply.Chunks);
            }

            var start = new JsonObject();
            if (deltas.Count == 0)
            {
                start["role"] = "assistant";
                start["content"] = null;
            }

            start["tool_calls"] = new JsonArray
            {
                new JsonObject
                {
                    ["index"] = 0,
                    ["id"] = ToolCallId(id),
                    ["type"] = "function",
                    ["function"] = new JsonObject { ["name"] = reply.Tool!.Name, ["arguments"] = "" },
                },
            };
            deltas.Add(start);
            foreach (var piece in Split(reply.Tool.ArgumentsJson, reply.Chunks))
            {
                deltas.Add(new JsonObject
                {
                    ["tool_calls"] = new JsonArray
                    {
                        new JsonObject { ["index"] = 0, ["function"] = new JsonObject { ["arguments"] = piece } },
                    },
                });
            }
        }
        else
        {
            AddContentDeltas(deltas, reply.Content, reply.Chunks);
        }

        var chunks = deltas.Select(delta => Chunk(id, model, delta, null, includeUsage)).ToList();
        chunks.Add(Chunk(id, model, [], useTool ? "tool_calls" : "stop", includeUsage));
        if (includeUsage)
        {
            var last = Envelope(id, "chat.completion.chunk", model);
            last["choices"] = new JsonArray();
            last["usage"] = Usage(reply);
            chunks.Add(last.ToJsonString());
        }

        return chunks;
    }

    public static string Models() =>
        new JsonObject
        {
            ["object"] = "list",
            ["data"] = new JsonArray
            {
                Model("mock-model"),
                Model("mock-model-mini"),
            },
        }.ToJsonString();

    private static void AddContentDeltas(List<JsonObject> deltas, string content, int chunks)
    {
        var pieces = Split(content, chunks);
        deltas.Add(new JsonObject { ["role"] = "assistant", ["content"] = pieces[0] });
        deltas.AddRange(pieces.Skip(1).Select(piece => new JsonObject { ["content"] = piece }));
    }

    private static string Chunk(string id, string model, JsonObject delta, string? finishReason, bool includeUsage)
    {
        var root = Envelope(id, "chat.completion.chunk", model);
        root["choices"] = new JsonArray
        {
            new JsonObject
            {
                ["index"] = 0,
                ["delta"] = delta,
                ["logprobs"] = null,
                ["finish_reason"] = finishReason,
            },
        };
        if (includeUsage)
        {
            root["usage"] = null;
        }

        return root.ToJsonString();
    }

    private static JsonObject Envelope(string id, string type, string model) =>
        new()
        {
            ["id"] = id,
            ["object"] = type,
            ["created"] = Created,
            ["model"] = model,
            ["system_fingerprint"] = "fp_mock",
        };

    private static JsonObject Usage(MockReply reply)
    {
        var usage = new JsonObject
        {
            ["prompt_tokens"] = reply.PromptTokens,
            ["completion_tokens"] = reply.CompletionTokens,
            ["total_tokens"] = (decimal)reply.PromptTokens + reply.CompletionTokens,
        };
        if (reply.CacheReadTokens > 0)
        {
            usage["prompt_tokens_details"] = new JsonObject { ["cached_tokens"] = reply.CacheReadTokens };
        }

        return usage;
    }

    private static JsonObject Model(string id) =>
        new() { ["id"] = id, ["object"] = "model", ["created"] = Created, ["owned_by"] = "mock" };

    private static string ToolCallId(string completionId) => "call_" + completionId;

    /// <summary>Splits text into at most <paramref name="parts"/> non-empty pieces (one empty piece for empty text).</summary>
    public static List<string> Split(string text, int parts)
    {
        parts = Math.Clamp(parts, 1, Math.Max(1, text.Length));
        var pieces = new List<string>(parts);
        var start = 0;
        for (var i = 0; i < parts; i++)
        {
            var end = text.Length * (i + 1) / parts;
            pieces.Add(text[start..end]);
            start = end;
        }

        return pieces;
    }
}
