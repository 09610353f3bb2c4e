using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using RoutingCluster.Gateway.Wire;

namespace RoutingCluster.Gateway.Translation.OpenAiClientOverResponses;

/// <summary>
/// Responses stream events as chat-completion chunks: text deltas as <c>content</c>, function calls
/// as <c>tool_calls</c> (indexed in the order they open), reasoning summary deltas as
/// <c>reasoning_content</c>; <c>response.completed</c>/<c>.incomplete</c> as the finish chunk, the usage
/// chunk (when the client asked for it) and <c>[DONE]</c>; <c>error</c>/<c>response.failed</c> as an
/// in-band error that ends the stream.
/// </summary>
internal sealed class ResponsesToChatStream(string clientModel, long created, bool includeUsage) : IStreamTranslator
{
    private static readonly byte[] Done = "data: [DONE]\n\n"u8.ToArray();

    private readonly Dictionary<string, int> _callIndexes = new(StringComparer.Ordinal);
    private string _id = "chatcmpl-responses";
    private bool _started;
    private bool _ended;

    public TokenUsage? Usage { get; private set; }

    public bool TryTranslate(SseEvent upstream, out IReadOnlyList<byte[]> events, [NotNullWhen(false)] out string? problem)
    {
        problem = null;
        var output = new List<byte[]>();
        events = output;
        if (_ended || upstream.Data.Length == 0)
        {
            return true;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(upstream.Data);
        }
        catch (JsonException)
        {
            problem = "an upstream event is not JSON";
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            var type = root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            if (!_started && root.TryGetProperty("response", out var opening) && opening.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String)
            {
                _id = "chatcmpl-" + id.GetString();
            }

            if (!_started)
            {
                _started = true;
                output.Add(Chunk(writer => writer.WriteString("role", "assistant")));
            }

            switch (type)
            {
                case "response.output_text.delta":
                    output.Add(Chunk(writer => writer.WriteString("content", root.GetProperty("delta").GetString())));
                    break;
                case "response.reasoning_summary_text.delta":
                    output.Add(Chunk(writer => writer.WriteString("reasoning_content", root.GetProperty("delta").GetString())));
                    break;
                case "response.output_item.added" when root.GetProperty("item") is var item && item.TryGetProperty("type", out var itemType) && itemType.ValueEquals("function_call"):
                    var index = _callIndexes.Count;
                    _callIndexes[item.GetProperty("id").GetString()!] = index;
                    var callId = item.GetProperty("call_id").GetString();
                    var name = item.GetProperty("name").GetString();
                    output.Add(Chunk(writer => WriteCall(writer, index, writer =>
                    {
                        writer.WriteString("id", callId);
                        writer.WriteString("type", "function");
                    }, name, "")));
                    break;
                case "response.function_call_arguments.delta" when _callIndexes.TryGetValue(root.GetProperty("item_id").GetString()!, out var at):
                    var piece = root.GetProperty("delta").GetString();
                    output.Add(Chunk(writer => WriteCall(writer, at, null, null, piece)));
                    break;
                case "response.completed" or "response.incomplete":
                    var response = root.GetProperty("response");
                    Usage = ResponsesUsage.Of(response);
                    var reason = type == "response.incomplete" ? "length" : _callIndexes.Count > 0 ? "tool_calls" : "stop";
                    output.Add(Chunk(null, reason));
                    if (includeUsage && Usage is { } usage)
                    {
                        output.Add(UsageChunk(usage));
                    }

                    output.Add(Done);
                    _ended = true;
                    break;
                case "error" or "response.failed":
                    var message = root.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()
                        : root.TryGetProperty("response", out var failed) && failed.TryGetProperty("error", out var error) && error.TryGetProperty("message", out var em) ? em.GetString()
                        : null;
                    output.Add(ErrorEvent(message ?? "The upstream reported an error mid-stream."));
                    break;
            }
        }

        return true;
    }

    public IReadOnlyList<byte[]> OnEnd() =>
        _ended ? [] : [ErrorEvent("The upstream stream ended before the answer finished; the answer is incomplete.")];

    public byte[] ErrorEvent(string message)
    {
        _ended = true;
        return OpenAiErrors.StreamErrorEvent(message);
    }

    private static void WriteCall(Utf8JsonWriter writer, int index, Action<Utf8JsonWriter>? identity, string? name, string? arguments)
    {
        writer.WriteStartArray("tool_calls");
        writer.WriteStartObject();
        writer.WriteNumber("index", index);
        identity?.Invoke(writer);
        writer.WriteStartObject("function");
        if (name is not null)
        {
            writer.WriteString("name", name);
        }

        writer.WriteString("arguments", arguments ?? "");
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndArray();
    }

    private byte[] Chunk(Action<Utf8JsonWriter>? delta, string? finishReason = null) => Event(writer =>
    {
        writer.WriteStartArray("choices");
        writer.WriteStartObject();
        writer.WriteNumber("index", 0);
        writer.WriteStartObject("delta");
        delta?.Invoke(writer);
        writer.WriteEndObject();
        if (finishReason is null)
        {
            writer.WriteNull("finish_reason");
        }
        else
        {
            writer.WriteString("finish_reason", finishReason);
        }

        writer.WriteEndObject();
        writer.WriteEndArray();
    });

    private byte[] UsageChunk(TokenUsage usage) => Event(writer =>
    {
        writer.WriteStartArray("choices");
        writer.WriteEndArray();
        writer.WriteStartObject("usage");
        writer.WriteNumber("prompt_tokens", usage.Input);
        writer.WriteNumber("completion_tokens", usage.Output);
        writer.WriteNumber("total_tokens", usage.Total);
        writer.WriteEndObject();
    });

    private byte[] Event(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("id", _id);
            writer.WriteString("object", "chat.completion.chunk");
            writer.WriteNumber("created", created);
            writer.WriteString("model", clientModel);
            body(writer);
            writer.WriteEndObject();
        }

        return [.. "data: "u8, .. buffer.WrittenSpan, .. "\n\n"u8];
    }
}
