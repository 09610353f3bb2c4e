using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using RoutingCluster.Gateway.Wire;

namespace RoutingCluster.Gateway.Translation.AnthropicClientOverOpenAi;

/// <summary>
/// OpenAI <c>chat.completion.chunk</c> events as Anthropic stream events. Invariant: <c>message_start</c>
/// comes first and either <c>message_delta</c> + <c>message_stop</c> or one <c>error</c> comes last,
/// exactly once, whether the upstream sent <c>[DONE]</c>, a finish reason, both or neither. Content
/// blocks are sequenced by <see cref="ContentBlockSequencer"/>. Only the first choice is read;
/// <c>reasoning_content</c> deltas are skipped (see <see cref="OpenAiToAnthropicBody"/>).
/// </summary>
public sealed class OpenAiToAnthropicStream(string clientModel) : IStreamTranslator
{
    private readonly AnthropicEventWriter _events = new();
    private ContentBlockSequencer? _blocks;
    private bool _finished;
    private string? _finishReason;

    public TokenUsage? Usage { get; private set; }

    public bool TryTranslate(SseEvent upstream, out IReadOnlyList<byte[]> events, [NotNullWhen(false)] out string? problem)
    {
        problem = null;
        events = Translate(upstream, ref problem);
        return problem is null;
    }

    private IReadOnlyList<byte[]> Translate(SseEvent upstream, ref string? problem)
    {
        // Empty data: an SSE comment or keep-alive.
        if (_finished || upstream.Data.Length == 0)
        {
            return [];
        }

        var output = new List<byte[]>(2);
        if (upstream.IsDone)
        {
            Finish(output);
            return output;
        }

        using var chunk = Parse(upstream.Data, ref problem);
        if (chunk is null)
        {
            return [];
        }

        var root = chunk.RootElement;
        if (Json.Property(root, "error") is { } error)
        {
            // Some upstreams report a failure mid-stream as a chunk holding only an error object.
            var message = error.ValueKind == JsonValueKind.String ? error.GetString() : Json.Property(error, "message")?.ToString();
            return [ErrorEvent(message ?? "The upstream stream failed.")];
        }

        Usage = OpenAiUsage.Read(root) ?? Usage;
        var blocks = _blocks ?? Start(root, output);
        if (Json.Property(root, "choices") is { ValueKind: JsonValueKind.Array } choices && choices.GetArrayLength() > 0)
        {
            if (Json.Property(choices[0], "delta") is { ValueKind: JsonValueKind.Object } delta)
            {
                blocks.OnDelta(delta, output);
            }

            if (Json.Property(choices[0], "finish_reason") is { ValueKind: JsonValueKind.String } reason)
            {
                _finishReason = reason.GetString();
            }
        }

        return output;
    }

    public IReadOnlyList<byte[]> OnEnd()
    {
        if (_finished)
        {
            return [];
        }

        var output = new List<byte[]>(4);
        Finish(output);
        return output;
    }

    public byte[] ErrorEvent(string message)
    {
        _finished = true;
        return _events.Error("api_error", message);
    }

    private ContentBlockSequencer Start(JsonElement firstChunk, List<byte[]> output)
    {
        var upstreamId = Json.Property(firstChunk, "id") is { ValueKind: JsonValueKind.String } id ? id.GetString() : "gateway";
        _blocks = new ContentBlockSequencer(_events, upstreamId!);
        output.Add(_events.MessageStart("msg_" + upstreamId, clientModel, Usage ?? default));
        return _blocks;
    }

    private void Finish(List<byte[]> output)
    {
        var blocks = _blocks ?? Start(default, output);
        blocks.Close(output);
        output.Add(_events.MessageDelta(StopReasons.FromFinishReason(_finishReason, blocks.SawToolCalls), Usage));
        output.Add(_events.MessageStop());
        _finished = true;
    }

    private static JsonDocument? Parse(byte[] data, ref string? problem)
    {
        try
        {
            return JsonDocument.Parse(data);
        }
        catch (JsonException e)
        {
            problem = $"The upstream sent a stream event that is not JSON: {e.Message}";
            return null;
        }
    }
}
