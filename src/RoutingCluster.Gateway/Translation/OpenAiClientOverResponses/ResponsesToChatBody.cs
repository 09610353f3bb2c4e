using System.Buffers;
using System.Text;
using System.Text.Json;
using RoutingCluster.Gateway.Wire;

namespace RoutingCluster.Gateway.Translation.OpenAiClientOverResponses;

/// <summary>
/// A whole Responses <c>response</c> as a <c>chat.completion</c>: message items' text as the
/// content, <c>function_call</c> items as <c>tool_calls</c>, reasoning summaries as
/// <c>reasoning_content</c>; <c>incomplete</c> (<c>max_output_tokens</c>) as <c>finish_reason: length</c>.
/// </summary>
internal sealed class ResponsesToChatBody(string clientModel) : IBodyTranslator
{
    public BodyTranslation Translate(byte[] upstreamBody)
    {
        try
        {
            using var document = JsonDocument.Parse(upstreamBody);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("output", out var output) || output.ValueKind != JsonValueKind.Array)
            {
                return new BodyTranslation.Unreadable("the body is not a response with output");
            }

            var usage = ResponsesUsage.Of(root);
            var buffer = new ArrayBufferWriter<byte>(upstreamBody.Length + 256);
            using (var writer = new Utf8JsonWriter(buffer))
            {
                Write(writer, root, output, usage);
            }

            return new BodyTranslation.Translated(buffer.WrittenSpan.ToArray(), usage);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException)
        {
            return new BodyTranslation.Unreadable("the body is not a readable response");
        }
    }

    private void Write(Utf8JsonWriter writer, JsonElement root, JsonElement output, TokenUsage? usage)
    {
        var text = new StringBuilder();
        var reasoning = new StringBuilder();
        var calls = new List<JsonElement>();
        foreach (var item in output.EnumerateArray())
        {
            switch (item.TryGetProperty("type", out var t) ? t.GetString() : null)
            {
                case "message":
                    foreach (var part in item.GetProperty("content").EnumerateArray())
                    {
                        if (part.TryGetProperty("text", out var value) && value.ValueKind == JsonValueKind.String)
                        {
                            text.Append(value.GetString());
                        }
                    }

                    break;
                case "function_call":
                    calls.Add(item);
                    break;
                case "reasoning" when item.TryGetProperty("summary", out var summary) && summary.ValueKind == JsonValueKind.Array:
                    foreach (var part in summary.EnumerateArray())
                    {
                        reasoning.Append(part.TryGetProperty("text", out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : "");
                    }

                    break;
            }
        }

        var incomplete = root.TryGetProperty("status", out var status) && status.ValueEquals("incomplete");
        writer.WriteStartObject();
        writer.WriteString("id", "chatcmpl-" + (root.TryGetProperty("id", out var id) ? id.GetString() : ""));
        writer.WriteString("object", "chat.completion");
        writer.WriteNumber("created", root.TryGetProperty("created_at", out var created) && created.TryGetInt64(out var at) ? at : 0);
        writer.WriteString("model", clientModel);
        writer.WriteStartArray("choices");
        writer.WriteStartObject();
        writer.WriteNumber("index", 0);
        writer.WriteStartObject("message");
        writer.WriteString("role", "assistant");
        if (text.Length > 0 || calls.Count == 0)
        {
            writer.WriteString("content", text.ToString());
        }
        else
        {
            writer.WriteNull("content");
        }

        if (reasoning.Length > 0)
        {
            writer.WriteString("reasoning_content", reasoning.ToString());
        }

        if (calls.Count > 0)
        {
            writer.WriteStartArray("tool_calls");
            foreach (var call in calls)
            {
                writer.WriteStartObject();
                writer.WriteString("id", call.GetProperty("call_id").GetString());
                writer.WriteString("type", "function");
                writer.WriteStartObject("function");
                writer.WriteString("name", call.GetProperty("name").GetString());
                writer.WriteString("arguments", call.TryGetProperty("arguments", out var args) ? args.GetString() : "{}");
                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
        writer.WriteString("finish_reason", incomplete ? "length" : calls.Count > 0 ? "tool_calls" : "stop");
        writer.WriteEndObject();
        writer.WriteEndArray();
        if (usage is { } used)
        {
            writer.WriteStartObject("usage");
            writer.WriteNumber("prompt_tokens", used.Input);
            writer.WriteNumber("completion_tokens", used.Output);
            writer.WriteNumber("total_tokens", used.Total);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }
}
