using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using RoutingCluster.Gateway.Wire;

namespace RoutingCluster.Gateway.Translation.ResponsesClientOverChat;

/// <summary>
/// A chat-completions stream as Responses stream events, in the documented order:
/// <c>response.created</c>, <c>response.in_progress</c>; per item <c>response.output_item.added</c>,
/// for reasoning the upstream shows (<c>reasoning_content</c>) <c>response.reasoning_summary_part.added</c>,
/// <c>response.reasoning_summary_text.delta</c>... <c>.done</c>, <c>response.reasoning_summary_part.done</c>,
/// for text <c>response.content_part.added</c>, <c>response.output_text.delta</c>... <c>.done</c>,
/// <c>response.content_part.done</c>, for calls <c>response.function_call_arguments.delta</c>...
/// <c>.done</c>, then <c>response.output_item.done</c>; and <c>response.completed</c> with usage at the
/// upstream's <c>[DONE]</c> (or its end, once a finish reason came). A stream that ends without
/// either, or breaks, ends with an <c>error</c> event.
/// </summary>
internal sealed class ChatToResponsesStream(string clientModel, long createdAt) : IStreamTranslator
{
    private readonly string _responseId = ResponseJson.NewId("resp_");
    private readonly List<ResponseItem> _done = [];
    private readonly Dictionary<int, OpenCall> _calls = [];
    private int _sequence;
    private bool _started;
    private bool _finished;
    private string? _finishReason;
    private OpenText? _text;
    private OpenText? _reasoning;

    public TokenUsage? Usage { get; private set; }

    public bool TryTranslate(SseEvent upstream, out IReadOnlyList<byte[]> events, [NotNullWhen(false)] out string? problem)
    {
        problem = null;
        var output = new List<byte[]>();
        events = output;
        if (_finished || upstream.Data.Length == 0)
        {
            return true;
        }

        Start(output);
        if (upstream.IsDone)
        {
            Finish(output);
            return true;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(upstream.Data);
        }
        catch (JsonException)
        {
            problem = "an upstream chunk is not JSON";
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            if (TokenUsage.TryRead(upstream.Data, out _) is { } usage)
            {
                Usage = usage;
            }

            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("choices", out var choices) || choices.ValueKind != JsonValueKind.Array)
            {
                return true;
            }

            foreach (var choice in choices.EnumerateArray())
            {
                if (choice.TryGetProperty("delta", out var delta) && delta.ValueKind == JsonValueKind.Object)
                {
                    OnDelta(delta, output);
                }

                if (choice.TryGetProperty("finish_reason", out var reason) && reason.ValueKind == JsonValueKind.String)
                {
                    _finishReason = reason.GetString();
                }
            }
        }

        return true;
    }

    public IReadOnlyList<byte[]> OnEnd()
    {
        if (_finished)
        {
            return [];
        }

        if (_finishReason is null)
        {
            return [ErrorEvent("The upstream stream ended before the answer finished; the answer is incomplete.")];
        }

        var output = new List<byte[]>();
        Start(output);
        Finish(output);
        return output;
    }

    public byte[] ErrorEvent(string message)
    {
        _finished = true;
        return ResponseJson.Event("error", _sequence++, writer =>
        {
            writer.WriteString("code", "stream_interrupted");
            writer.WriteString("message", message);
            writer.WriteNull("param");
        });
    }

    private void Start(List<byte[]> output)
    {
        if (_started)
        {
            return;
        }

        _started = true;
        foreach (var type in (string[])["response.created", "response.in_progress"])
        {
            output.Add(ResponseJson.Event(type, _sequence++, writer =>
            {
                writer.WritePropertyName("response");
                ResponseJson.WriteResponse(writer, _responseId, createdAt, clientModel, "in_progress", [], null, null);
            }));
        }
    }

    private void OnDelta(JsonElement delta, List<byte[]> output)
    {
        if (delta.TryGetProperty("reasoning_content", out var reasoning) && reasoning.ValueKind == JsonValueKind.String && reasoning.GetString() is { Length: > 0 } thought)
        {
            OnReasoning(thought, output);
        }

        if (delta.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String && content.GetString() is { Length: > 0 } text)
        {
            CloseReasoning(output);
            if (_text is null)
            {
                _text = new OpenText(ResponseJson.NewId("msg_"), OutputIndex(), new StringBuilder());
                var opened = _text;
                output.Add(ResponseJson.Event("response.output_item.added", _sequence++, writer =>
                {
                    writer.WriteNumber("output_index", opened.Index);
                    writer.WritePropertyName("item");
                    ResponseJson.WriteItem(writer, new ResponseItem(opened.Id, null), "in_progress");
                }));
                output.Add(ResponseJson.Event("response.content_part.added", _sequence++, writer =>
                {
                    WritePosition(writer, opened.Id, opened.Index);
                    writer.WritePropertyName("part");
                    ResponseJson.WriteTextPart(writer, "");
                }));
            }

            var open = _text;
            open.Text.Append(text);
            output.Add(ResponseJson.Event("response.output_text.delta", _sequence++, writer =>
            {
                WritePosition(writer, open.Id, open.Index);
                writer.WriteString("delta", text);
            }));
        }

        if (delta.TryGetProperty("tool_calls", out var calls) && calls.ValueKind == JsonValueKind.Array)
        {
            foreach (var call in calls.EnumerateArray())
            {
                OnCallDelta(call, output);
            }
        }
    }

    private void OnCallDelta(JsonElement call, List<byte[]> output)
    {
        var index = call.TryGetProperty("index", out var i) && i.TryGetInt32(out var n) ? n : 0;
        var function = call.TryGetProperty("function", out var f) && f.ValueKind == JsonValueKind.Object ? f : default;
        if (!_calls.TryGetValue(index, out var open))
        {
            CloseReasoning(output);
            CloseText(output);
            var callId = call.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString()! : ResponseJson.NewId("call_");
            var name = function.ValueKind == JsonValueKind.Object && function.TryGetProperty("name", out var nm) && nm.ValueKind == JsonValueKind.String ? nm.GetString()! : "";
            open = new OpenCall(ResponseJson.NewId("fc_"), OutputIndex(), callId, name, new StringBuilder());
            _calls[index] = open;
            var added = open;
            output.Add(ResponseJson.Event("response.output_item.added", _sequence++, writer =>
            {
                writer.WriteNumber("output_index", added.Index);
                writer.WritePropertyName("item");
                ResponseJson.WriteItem(writer, new ResponseItem(added.Id, null, added.CallId, added.Name, ""), "in_progress");
            }));
        }

        if (function.ValueKind == JsonValueKind.Object && function.TryGetProperty("arguments", out var args) && args.ValueKind == JsonValueKind.String
            && args.GetString() is { Length: > 0 } piece)
        {
            open.Arguments.Append(piece);
            var current = open;
            output.Add(ResponseJson.Event("response.function_call_arguments.delta", _sequence++, writer =>
            {
                writer.WriteString("item_id", current.Id);
                writer.WriteNumber("output_index", current.Index);
                writer.WriteString("delta", piece);
            }));
        }
    }

    private int OutputIndex() => _done.Count + (_reasoning is null ? 0 : 1) + (_text is null ? 0 : 1) + _calls.Count;

    /// <summary>Reasoning the upstream shows (<c>reasoning_content</c>) as a reasoning item's summary, streamed.</summary>
    private void OnReasoning(string thought, List<byte[]> output)
    {
        if (_reasoning is null)
        {
            _reasoning = new OpenText(ResponseJson.NewId("rs_"), OutputIndex(), new StringBuilder());
            var opened = _reasoning;
            output.Add(ResponseJson.Event("response.output_item.added", _sequence++, writer =>
            {
                writer.WriteNumber("output_index", opened.Index);
                writer.WritePropertyName("item");
                ResponseJson.WriteItem(writer, ResponseItem.Reasoning(opened.Id, null), "in_progress");
            }));
            output.Add(ResponseJson.Event("response.reasoning_summary_part.added", _sequence++, writer =>
            {
                WriteSummaryPosition(writer, opened);
                writer.WritePropertyName("part");
                ResponseJson.WriteSummaryPart(writer, "");
            }));
        }

        var open = _reasoning;
        open.Text.Append(thought);
        output.Add(ResponseJson.Event("response.reasoning_summary_text.delta", _sequence++, writer =>
        {
            WriteSummaryPosition(writer, open);
            writer.WriteString("delta", thought);
        }));
    }

    private void CloseReasoning(List<byte[]> output)
    {
        if (_reasoning is not { } open)
        {
            return;
        }

        _reasoning = null;
        var text = open.Text.ToString();
        output.Add(ResponseJson.Event("response.reasoning_summary_text.done", _sequence++, writer =>
        {
            WriteSummaryPosition(writer, open);
            writer.WriteString("text", text);
        }));
        output.Add(ResponseJson.Event("response.reasoning_summary_part.done", _sequence++, writer =>
        {
            WriteSummaryPosition(writer, open);
            writer.WritePropertyName("part");
            ResponseJson.WriteSummaryPart(writer, text);
        }));
        var item = ResponseItem.Reasoning(open.Id, text);
        _done.Add(item);
        output.Add(ItemDone(item, open.Index));
    }

    private static void WriteSummaryPosition(Utf8JsonWriter writer, OpenText open)
    {
        writer.WriteString("item_id", open.Id);
        writer.WriteNumber("output_index", open.Index);
        writer.WriteNumber("summary_index", 0);
    }

    private static void WritePosition(Utf8JsonWriter writer, string itemId, int outputIndex)
    {
        writer.WriteString("item_id", itemId);
        writer.WriteNumber("output_index", outputIndex);
        writer.WriteNumber("content_index", 0);
    }

    private void CloseText(List<byte[]> output)
    {
        if (_text is not { } open)
        {
            return;
        }

        _text = null;
        var text = open.Text.ToString();
        output.Add(ResponseJson.Event("response.output_text.done", _sequence++, writer =>
        {
            WritePosition(writer, open.Id, open.Index);
            writer.WriteString("text", text);
        }));
        output.Add(ResponseJson.Event("response.content_part.done", _sequence++, writer =>
        {
            WritePosition(writer, open.Id, open.Index);
            writer.WritePropertyName("part");
            ResponseJson.WriteTextPart(writer, text);
        }));
        var item = new ResponseItem(open.Id, text);
        _done.Add(item);
        output.Add(ItemDone(item, open.Index));
    }

    private byte[] ItemDone(ResponseItem item, int index) => ResponseJson.Event("response.output_item.done", _sequence++, writer =>
    {
        writer.WriteNumber("output_index", index);
        writer.WritePropertyName("item");
        ResponseJson.WriteItem(writer, item, "completed");
    });

    private void Finish(List<byte[]> output)
    {
        CloseReasoning(output);
        CloseText(output);
        foreach (var open in _calls.Values.OrderBy(c => c.Index))
        {
            var arguments = open.Arguments.Length == 0 ? "{}" : open.Arguments.ToString();
            output.Add(ResponseJson.Event("response.function_call_arguments.done", _sequence++, writer =>
            {
                writer.WriteString("item_id", open.Id);
                writer.WriteNumber("output_index", open.Index);
                writer.WriteString("arguments", arguments);
            }));
            var item = new ResponseItem(open.Id, null, open.CallId, open.Name, arguments);
            _done.Add(item);
            output.Add(ItemDone(item, open.Index));
        }

        _calls.Clear();
        _finished = true;
        var (status, incomplete) = ResponseJson.StatusOf(_finishReason);
        var done = _done.ToList();
        var usage = Usage;
        output.Add(ResponseJson.Event(status == "completed" ? "response.completed" : "response.incomplete", _sequence++, writer =>
        {
            writer.WritePropertyName("response");
            ResponseJson.WriteResponse(writer, _responseId, createdAt, clientModel, status, done, usage, incomplete);
        }));
    }

    private sealed record OpenText(string Id, int Index, StringBuilder Text);

    private sealed record OpenCall(string Id, int Index, string CallId, string Name, StringBuilder Arguments);
}
