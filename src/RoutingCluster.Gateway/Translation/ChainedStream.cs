using System.Diagnostics.CodeAnalysis;
using RoutingCluster.Gateway.Wire;

namespace RoutingCluster.Gateway.Translation;

/// <summary>
/// Two stream translators one after the other: each event the first writes (a complete
/// <c>data:</c> event) is read back as an event of the second's input. The usage is the first
/// one's, read from the upstream's own events.
/// </summary>
internal sealed class ChainedStream(IStreamTranslator first, IStreamTranslator second) : IStreamTranslator
{
    public TokenUsage? Usage => first.Usage;

    public bool TryTranslate(SseEvent upstream, out IReadOnlyList<byte[]> events, [NotNullWhen(false)] out string? problem)
    {
        if (!first.TryTranslate(upstream, out var middle, out problem))
        {
            events = [];
            return false;
        }

        return Through(middle, out events, out problem);
    }

    public IReadOnlyList<byte[]> OnEnd()
    {
        if (!Through(first.OnEnd(), out var events, out _))
        {
            return [second.ErrorEvent("The upstream stream ended in a way the gateway could not read; the answer is incomplete.")];
        }

        return [.. events, .. second.OnEnd()];
    }

    public byte[] ErrorEvent(string message) => second.ErrorEvent(message);

    private bool Through(IReadOnlyList<byte[]> middle, out IReadOnlyList<byte[]> events, [NotNullWhen(false)] out string? problem)
    {
        var output = new List<byte[]>();
        events = output;
        problem = null;
        foreach (var raw in middle)
        {
            if (!second.TryTranslate(new SseEvent(raw, DataOf(raw)), out var translated, out problem))
            {
                return false;
            }

            output.AddRange(translated);
        }

        return true;
    }

    /// <summary>The data of one written event: its <c>data:</c> lines' payloads, joined with newlines.</summary>
    private static byte[] DataOf(byte[] raw)
    {
        var data = new List<byte>();
        foreach (var range in raw.AsSpan().Split((byte)'\n'))
        {
            var line = raw.AsSpan(range).TrimEnd((byte)'\r');
            if (line.StartsWith("data:"u8))
            {
                var payload = line[5..];
                if (payload.Length > 0 && payload[0] == (byte)' ')
                {
                    payload = payload[1..];
                }

                if (data.Count > 0)
                {
                    data.Add((byte)'\n');
                }

                data.AddRange(payload);
            }
        }

        return [.. data];
    }
}
