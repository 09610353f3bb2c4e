using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using RoutingCluster.Gateway.Wire;

namespace RoutingCluster.Gateway.Translation.OpenAiClientOverAnthropic;

/// <summary>
/// Converts an Anthropic Messages event stream into OpenAI <c>chat.completion.chunk</c> events.
/// Invariants: the role chunk comes first; tool calls are numbered 0, 1, ... in the order their
/// blocks start (not by Anthropic block index, which also counts text and thinking blocks);
/// thinking text streams as <c>reasoning_content</c>, signatures are dropped; <c>[DONE]</c> is sent
/// only after message_stop, so a stream that broke (an error event, or an end without
/// message_stop) never looks complete — it ends with an in-band error event instead. Events after
/// the end, pings, and events whose JSON does not parse are ignored.
/// </summary>
public sealed class AnthropicToOpenAiStream(string clientModel, long created, bool includeUsage) : IStreamTranslator
{
    private readonly OpenAiChunkWriter _chunks = new(clientModel, created);
    private readonly Dictionary<int, int> _toolIndexByBlock = [];
    private bool _started;
    private bool _ended;

    public TokenUsage? Usage { get; private set; }

    /// <summary>Never refuses: an event that is not a JSON object (a keep-alive, a comment) yields nothing.</summary>
    public bool TryTranslate(SseEvent upstream, out IReadOnlyList<byte[]> events, [NotNullWhen(false)] out string? problem)
    {
        problem = null;
        events = Translate(upstream);
        return true;
    }

    private IReadOnlyList<byte[]> Translate(SseEvent upstream)
    {
        if (_ended || AnthropicJson.ParseObject(upstream.Data) is not { } document)
        {
            return [];
        }

        using (document)
        {
            var root = document.RootElement;
            var output = new List<byte[]>(2);
            if (AnthropicJson.IsType(root, "message_start"u8))
            {
                Usage = AnthropicUsage.Accumulate(Usage, upstream.Data);
                var id = root.TryGetProperty("message"u8, out var message) ? AnthropicJson.StringOf(message, "id"u8) : null;
                _chunks.Id = "chatcmpl-" + id;
                Start(output);
            }
            else if (AnthropicJson.IsType(root, "content_block_start"u8))
            {
                Start(output);
                BlockStart(root, output);
            }
            else if (AnthropicJson.IsType(root, "content_block_delta"u8))
            {
                Start(output);
                BlockDelta(root, output);
            }
            else if (AnthropicJson.IsType(root, "message_delta"u8))
            {
                Usage = AnthropicUsage.Accumulate(Usage, upstream.Data);
                Start(output);
                if (root.TryGetProperty("delta"u8, out var delta) && AnthropicJson.StringOf(delta, "stop_reason"u8) is { } stopReason)
                {
                    output.Add(_chunks.Finish(OpenAiJson.FinishReason(stopReason)));
                }
            }
            else if (AnthropicJson.IsType(root, "message_stop"u8))
            {
                _ended = true;
                Start(output);
                if (includeUsage)
                {
                    output.Add(_chunks.Usage(Usage ?? default));
                }

                output.Add(OpenAiChunkWriter.Done);
            }
            else if (AnthropicJson.IsType(root, "error"u8))
            {
                _ended = true;
                root.TryGetProperty("error"u8, out var error);
                var type = AnthropicJson.StringOf(error, "type"u8) ?? "upstream_error";
                var errorMessage = AnthropicJson.StringOf(error, "message"u8) ?? "The upstream reported an error mid-stream.";
                output.Add(OpenAiChunkWriter.Error(errorMessage, type, OpenAiErrors.CodeFor(type, status: null)));
            }

            return output;
        }
    }

    /// <summary>An upstream that closed without message_stop was cut short: say so instead of sending [DONE].</summary>
    public IReadOnlyList<byte[]> OnEnd() =>
        _ended ? [] : [ErrorEvent("The upstream stream ended before the message was complete.")];

    public byte[] ErrorEvent(string message)
    {
        _ended = true;
        return OpenAiChunkWriter.Error(message, "upstream_error", "stream_interrupted");
    }

    private void Start(List<byte[]> output)
    {
        if (!_started)
        {
            _started = true;
            output.Add(_chunks.Role());
        }
    }

    private void BlockStart(JsonElement root, List<byte[]> output)
    {
        if (!root.TryGetProperty("content_block"u8, out var block))
        {
            return;
        }

        if (AnthropicJson.IsType(block, "tool_use"u8) && root.TryGetProperty("index"u8, out var index) && index.TryGetInt32(out var blockIndex)
            && AnthropicJson.TryGetString(block, "id"u8, out var id) && AnthropicJson.TryGetString(block, "name"u8, out var name))
        {
            var toolIndex = _toolIndexByBlock.Count;
            _toolIndexByBlock[blockIndex] = toolIndex;
            output.Add(_chunks.ToolCallStart(toolIndex, id, name));
        }
        else if (AnthropicJson.IsType(block, "text"u8) && NonEmpty(block, "text"u8, out var text))
        {
            output.Add(_chunks.Content(text));
        }
        else if (AnthropicJson.IsType(block, "thinking"u8) && NonEmpty(block, "thinking"u8, out var thinking))
        {
            output.Add(_chunks.Reasoning(thinking));
        }
    }

    private void BlockDelta(JsonElement root, List<byte[]> output)
    {
        if (!root.TryGetProperty("delta"u8, out var delta))
        {
            return;
        }

        if (AnthropicJson.IsType(delta, "text_delta"u8) && NonEmpty(delta, "text"u8, out var text))
        {
            output.Add(_chunks.Content(text));
        }
        else if (AnthropicJson.IsType(delta, "input_json_delta"u8) && NonEmpty(delta, "partial_json"u8, out var partialJson)
            && root.TryGetProperty("index"u8, out var index) && index.TryGetInt32(out var blockIndex)
            && _toolIndexByBlock.TryGetValue(blockIndex, out var toolIndex))
        {
            output.Add(_chunks.ToolCallArguments(toolIndex, partialJson));
        }
        else if (AnthropicJson.IsType(delta, "thinking_delta"u8) && NonEmpty(delta, "thinking"u8, out var thinking))
        {
            output.Add(_chunks.Reasoning(thinking));
        }
    }

    private static bool NonEmpty(JsonElement owner, ReadOnlySpan<byte> name, out JsonElement value) =>
        AnthropicJson.TryGetString(owner, name, out value) && !value.ValueEquals(""u8);
}
