using System.Buffers;
using System.IO.Pipelines;
using RoutingCluster.Configuration;

namespace RoutingCluster.Gateway.Wire;

/// <summary>
/// Splits an upstream SSE stream into events (a blank line ends each) as soon as each one is
/// complete, so the caller can forward and flush event by event.
/// <para>
/// Each byte is scanned once: the position reached in an unfinished event, and whether it sits
/// right after a newline (or a newline and a <c>\r</c>), are kept between reads, so a blank line
/// split across reads is still found and a long event costs linear time. An event longer than
/// <c>maxEventBytes</c> is a broken stream (<see cref="UpstreamProtocolException"/>): at most the cap
/// plus one read buffer is held for it.
/// </para>
/// </summary>
public sealed class SseEventReader
{
    private readonly PipeReader _reader;
    private readonly int _maxEventBytes;

    // The pending event's bytes already scanned (none of them ends it) and where the scan stands.
    private long _scanned;
    private ScanState _state;

    /// <param name="maxEventBytes">The cap on one event, blank line included (<c>limits.sseEventMaxBytes</c>).</param>
    public SseEventReader(Stream stream, int maxEventBytes = GatewayLimitsDefinition.DefaultSseEventMaxBytes)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEventBytes, 1);
        _reader = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
        _maxEventBytes = maxEventBytes;
    }

    private enum ScanState : byte
    {
        /// <summary>Inside a line: only a newline matters.</summary>
        InLine,

        /// <summary>Right after a newline: another newline, or "\r\n", is the blank line.</summary>
        LineStart,

        /// <summary>After a newline and a <c>\r</c>: a newline now is the blank line.</summary>
        LineStartCr,
    }

    /// <summary>The next event, or null at the end of the stream.</summary>
    /// <exception cref="UpstreamProtocolException">An event grew beyond the cap without ending.</exception>
    public async ValueTask<SseEvent?> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await _reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            if (TryFindEnd(buffer, out var length))
            {
                var sseEvent = Parse(buffer.Slice(0, length).ToArray());
                _reader.AdvanceTo(buffer.GetPosition(length));
                return sseEvent;
            }

            if (result.IsCompleted)
            {
                // A last event without its blank line still counts.
                var rest = buffer.IsEmpty ? null : Parse(buffer.ToArray());
                _reader.AdvanceTo(buffer.End);
                Reset();
                return rest;
            }

            _reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>Scans the bytes not scanned yet for the blank line that ends the pending event.</summary>
    /// <param name="length">The event's length, blank line included, when found.</param>
    private bool TryFindEnd(in ReadOnlySequence<byte> buffer, out long length)
    {
        var offset = _scanned;
        var state = _state;
        foreach (var memory in buffer.Slice(_scanned))
        {
            var span = memory.Span;
            var i = 0;
            while (i < span.Length)
            {
                if (state == ScanState.InLine)
                {
                    var newline = span[i..].IndexOf((byte)'\n');
                    if (newline < 0)
                    {
                        break;
                    }

                    i += newline + 1;
                    state = ScanState.LineStart;
                    continue;
                }

                var next = span[i++];
                if (next == (byte)'\n')
                {
                    length = offset + i;
                    CheckSize(length);
                    Reset();
                    return true;
                }

                state = state == ScanState.LineStart && next == (byte)'\r' ? ScanState.LineStartCr : ScanState.InLine;
            }

            offset += span.Length;
        }

        CheckSize(offset);
        _scanned = offset;
        _state = state;
        length = 0;
        return false;
    }

    private void CheckSize(long length)
    {
        if (length > _maxEventBytes)
        {
            throw new UpstreamProtocolException(
                $"upstream stream sent an event longer than the {_maxEventBytes}-byte cap (limits.sseEventMaxBytes) without ending it; the stream is treated as broken");
        }
    }

    private void Reset()
    {
        _scanned = 0;
        _state = ScanState.InLine;
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
