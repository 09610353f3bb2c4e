using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using RoutingCluster.Gateway.Wire;

namespace RoutingCluster.Gateway.Translation.PassThrough;

/// <summary>
/// Responses client, Responses upstream: events and bodies go through untouched, reading usage on
/// the way (from <c>response.completed</c> in a stream) and the last sequence number, so an in-band
/// error the gateway adds follows the upstream's numbering.
/// </summary>
public sealed class ResponsesPassThrough : IStreamTranslator, IBodyTranslator
{
    private int _nextSequence;

    public TokenUsage? Usage { get; private set; }

    public bool TryTranslate(SseEvent upstream, out IReadOnlyList<byte[]> events, [NotNullWhen(false)] out string? problem)
    {
        problem = null;
        events = [upstream.Raw];
        if (upstream.Data.Length == 0)
        {
            return true;
        }

        try
        {
            using var document = JsonDocument.Parse(upstream.Data);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("sequence_number", out var sequence) && sequence.TryGetInt32(out var number))
            {
                _nextSequence = number + 1;
            }

            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("response", out var response) && ResponsesUsage.Of(response) is { } usage)
            {
                Usage = usage;
            }
        }
        catch (JsonException)
        {
            problem = "an upstream event is not JSON";
            return false;
        }

        return true;
    }

    public IReadOnlyList<byte[]> OnEnd() => [];

    public byte[] ErrorEvent(string message) => ResponsesErrors.StreamErrorEvent(message, _nextSequence);

    public BodyTranslation Translate(byte[] upstreamBody) =>
        JsonShape.IsOneObject(upstreamBody)
            ? new BodyTranslation.Translated(upstreamBody, ResponsesUsage.TryRead(upstreamBody))
            : new BodyTranslation.Unreadable("the body is not a JSON object");
}
