using System.Text.Json;

namespace RoutingCluster.Gateway.Translation.AnthropicClientOverOpenAi;

/// <summary>
/// Turns one OpenAI delta into Anthropic content-block events. Invariants: at most one block is
/// open, block indexes only grow, and switching between text and a tool call, or between tool-call
/// indexes, closes the open block before starting the next. Upstreams finish one tool call before
/// starting the next; a late argument piece for a call whose block is already closed cannot be
/// placed and is dropped.
/// </summary>
internal sealed class ContentBlockSequencer(AnthropicEventWriter events, string messageId)
{
    private readonly HashSet<int> _seenTools = [];
    private int _nextBlock;
    private int _openBlock = -1;
    private int? _openTool;
    private int _highestTool = -1;

    /// <summary>Whether any tool-call block was started (the stop reason depends on it).</summary>
    public bool SawToolCalls => _highestTool >= 0;

    public void OnDelta(JsonElement delta, List<byte[]> output)
    {
        foreach (var name in (ReadOnlySpan<string>)["content", "refusal"])
        {
            if (Json.Property(delta, name) is { ValueKind: JsonValueKind.String } text && !text.ValueEquals(""u8))
            {
                if (_openBlock < 0 || _openTool is not null)
                {
                    Close(output);
                    _openBlock = _nextBlock++;
                    output.Add(events.TextBlockStart(_openBlock));
                }

                output.Add(events.Delta(_openBlock, "text_delta"u8, "text"u8, text));
            }
        }

        if (Json.Property(delta, "tool_calls") is { ValueKind: JsonValueKind.Array } calls)
        {
            foreach (var call in calls.EnumerateArray())
            {
                OnToolCallPiece(call, output);
            }
        }
    }

    public void Close(List<byte[]> output)
    {
        if (_openBlock >= 0)
        {
            output.Add(events.BlockStop(_openBlock));
        }

        _openBlock = -1;
        _openTool = null;
    }

    private void OnToolCallPiece(JsonElement call, List<byte[]> output)
    {
        var id = Json.Property(call, "id") is { ValueKind: JsonValueKind.String } i ? i.GetString() : null;
        var function = Json.Property(call, "function") ?? default;
        // Without an index, a piece carrying an id starts the next call; one without continues the open call.
        var index = Json.Property(call, "index") is { ValueKind: JsonValueKind.Number } n && n.TryGetInt32(out var value)
            ? value
            : id is null && _openTool is { } open ? open : _highestTool + 1;
        if (index != _openTool)
        {
            if (!_seenTools.Add(index))
            {
                return;
            }

            Close(output);
            _highestTool = Math.Max(_highestTool, index);
            _openBlock = _nextBlock++;
            _openTool = index;
            var name = Json.Property(function, "name") is { ValueKind: JsonValueKind.String } nm ? nm.GetString()! : "";
            output.Add(events.ToolBlockStart(_openBlock, id ?? $"toolu_{messageId}_{index}", name));
        }

        if (Json.Property(function, "arguments") is { ValueKind: JsonValueKind.String } arguments && !arguments.ValueEquals(""u8))
        {
            output.Add(events.Delta(_openBlock, "input_json_delta"u8, "partial_json"u8, arguments));
        }
    }
}
