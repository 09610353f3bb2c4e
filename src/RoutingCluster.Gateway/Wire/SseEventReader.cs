using System.Buffers;
using System.IO.Pipelines;

namespace RoutingCluster.Gateway.Wire;

/// <summary>
/// Splits an upstream SSE stream into events (a blank line ends each) as soon as each one is
/// complete, so the caller can forward and flush event by event.
/// </summary>
public sealed class SseEventReader(Stream stream)
{
    private readonly PipeReader _reader = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));

    /// <summary>The next event, or null at the end of the stream.</summary>
    public async ValueTask<SseEvent?> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await _reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            if (TryTakeEvent(ref buffer, out var sseEvent))
            {
                _reader.AdvanceTo(buffer.Start);
                return sseEvent;
            }

            if (result.IsCompleted)
            {
                // A last event without its blank line still counts.
                var rest = buffer.IsEmpty ? null : Parse(buffer.ToArray());
                _reader.AdvanceTo(buffer.End);
                return rest;
            }

            _reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static bool TryTakeEvent(ref ReadOnlySequence<byte> buffer, out SseEvent? sseEvent)
    {
        var reader = new SequenceReader<byte>(buffer);
        while (reader.TryAdvanceTo((byte)'\n'))
        {
            // A blank line is "\n" or "\r\n" right after the previous newline.
            if (reader.IsNext((byte)'\n', advancePast: true) || reader.IsNext("\r\n"u8, advancePast: true))
            {
                var raw = buffer.Slice(0, reader.Position).ToArray();
                buffer = buffer.Slice(reader.Position);
                sseEvent = Parse(raw);
                return true;
            }
        }

        sseEvent = null;
        return false;
    }

    private static SseEvent Parse(byte[] raw)
    {
        // Nearly every event has one data line: its payload is copied out as is; only events with
        // several data lines are joined (with "\n") through a buffer.
        var lines = 0;
        ReadOnlySpan<byte> first = default;
        ArrayBufferWriter<byte>? joined = null;
        foreach (var range in raw.AsSpan().Split((byte)'\n'))
        {
            var line = raw.AsSpan(range).TrimEnd((byte)'\r');
            if (!line.StartsWith("data:"u8))
            {
                continue;
            }

            var payload = line[5..];
            if (payload.Length > 0 && payload[0] == (byte)' ')
            {
                payload = payload[1..];
            }

            if (++lines == 1)
            {
                first = payload;
                continue;
            }

            if (joined is null)
            {
                joined = new ArrayBufferWriter<byte>();
                joined.Write(first);
            }

            joined.Write("\n"u8);
            joined.Write(payload);
        }

        return new SseEvent(raw, joined is null ? first.ToArray() : joined.WrittenSpan.ToArray());
    }
}
