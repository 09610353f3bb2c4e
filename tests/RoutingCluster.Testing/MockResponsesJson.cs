using System.Text.Json.Nodes;

namespace RoutingCluster.Testing;

/// <summary>The mock's answers on <c>POST /v1/responses</c>, in OpenAI's Responses format: a <c>response</c> object, or its stream events.</summary>
internal static class MockResponsesJson
{
    public static string Response(string id, string model, MockReply reply, bool useTool) => Envelope(id, model, reply, useTool, "completed").ToJsonString();

    public static IReadOnlyList<MockSseEvent> Events(string id, string model, MockReply reply, bool useTool)
    {
        var events = new List<MockSseEvent>();
        var sequence = 0;
        void Add(string type, JsonObject data)
        {
            data["type"] = type;
            data["sequence_number"] = sequence++;
            events.Add(new MockSseEvent(type, data.ToJsonString()));
        }

        Add("response.created", new JsonObject { ["response"] = Envelope(id, model, reply, useTool, "in_progress", withOutput: false) });
        var item = Item(id, reply, useTool);
        var itemId = item["id"]!.GetValue<string>();
        var added = (JsonObject)item.DeepClone();
        added["status"] = "in_progress";
        if (useTool)
        {
            added["arguments"] = "";
            Add("response.output_item.added", new JsonObject { ["output_index"] = 0, ["item"] = added });
            foreach (var piece in MockJson.Split(reply.Tool!.ArgumentsJson, reply.Chunks))
            {
                Add("response.function_call_arguments.delta", new JsonObject { ["item_id"] = itemId, ["output_index"] = 0, ["delta"] = piece });
            }

            Add("response.function_call_arguments.done", new JsonObject { ["item_id"] = itemId, ["output_index"] = 0, ["arguments"] = reply.Tool.ArgumentsJson });
        }
        else
        {
            added["content"] = new JsonArray();
            Add("response.output_item.added", new JsonObject { ["output_index"] = 0, ["item"] = added });
            foreach (var piece in MockJson.Split(reply.Content, reply.Chunks))
            {
                Add("response.output_text.delta", new JsonObject { ["item_id"] = itemId, ["output_index"] = 0, ["content_index"] = 0, ["delta"] = piece });
            }

            Add("response.output_text.done", new JsonObject { ["item_id"] = itemId, ["output_index"] = 0, ["content_index"] = 0, ["text"] = reply.Content });
        }

        Add("response.output_item.done", new JsonObject { ["output_index"] = 0, ["item"] = item });
        Add("response.completed", new JsonObject { ["response"] = Envelope(id, model, reply, useTool, "completed") });
        return events;
    }

    public static string StreamError(MockError error) =>
        new JsonObject { ["type"] = "error", ["code"] = error.OpenAiCode, ["message"] = error.Message, ["param"] = null }.ToJsonString();

    private static JsonObject Envelope(string id, string model, MockReply reply, bool useTool, string status, bool withOutput = true) => new()
    {
        ["id"] = id,
        ["object"] = "response",
        ["created_at"] = 1_700_000_000,
        ["status"] = status,
        ["model"] = model,
        ["output"] = withOutput ? new JsonArray(Item(id, reply, useTool)) : new JsonArray(),
        ["usage"] = withOutput
            ? new JsonObject { ["input_tokens"] = reply.PromptTokens, ["output_tokens"] = reply.CompletionTokens, ["total_tokens"] = reply.PromptTokens + reply.CompletionTokens }
            : null,
    };

    private static JsonObject Item(string id, MockReply reply, bool useTool) => useTool
        ? new JsonObject
        {
            ["type"] = "function_call",
            ["id"] = $"fc_{id}",
            ["call_id"] = $"call_{id}",
            ["name"] = reply.Tool!.Name,
            ["arguments"] = reply.Tool.ArgumentsJson,
            ["status"] = "completed",
        }
        : new JsonObject
        {
            ["type"] = "message",
            ["id"] = $"msg_{id}",
            ["status"] = "completed",
            ["role"] = "assistant",
            ["content"] = new JsonArray(new JsonObject { ["type"] = "output_text", ["text"] = reply.Content, ["annotations"] = new JsonArray() }),
        };
}
