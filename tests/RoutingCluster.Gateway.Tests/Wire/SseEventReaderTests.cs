using System.Text;
using Xunit;
using RoutingCluster.Configuration;
using RoutingCluster.Gateway.Wire;

namespace RoutingCluster.Gateway.Tests.Wire;

public sealed class SseEventReaderTests
{
    /// <summary>A stream that hands out at most one byte per read, so every event arrives split.</summary>
    private sealed class TrickleStream(byte[] data) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 1));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, 1)]);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, 1)], cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            base.ReadAsync(buffer, offset, Math.Min(count, 1), cancellationToken);
    }

    /// <summary>Hands out the given pieces, one per read, so a test decides where reads split the stream.</summary>
    private sealed class PiecesStream(params string[] pieces) : Stream
    {
        private readonly Queue<byte[]> _pieces = new(pieces.Select(Encoding.UTF8.GetBytes));

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (!_pieces.TryPeek(out var piece))
            {
                return 0;
            }

            var taken = Math.Min(count, piece.Length);
            piece.AsSpan(0, taken).CopyTo(buffer.AsSpan(offset));
            _pieces.Dequeue();
            if (taken < piece.Length)
            {
                _pieces.Enqueue(piece[taken..]); // not expected: pieces are small
            }

            return taken;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>An endless-looking event: <c>data: xxx...</c> without a newline, counting what was read from it.</summary>
    private sealed class UnendingEventStream(long length) : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var taken = (int)Math.Min(count, length - BytesRead);
            buffer.AsSpan(offset, taken).Fill((byte)'x');
            if (BytesRead == 0 && taken >= 6)
            {
                "data: "u8.CopyTo(buffer.AsSpan(offset));
            }

            BytesRead += taken;
            return taken;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private static async Task<List<SseEvent>> ReadAll(Stream stream, int maxEventBytes)
    {
        var reader = new SseEventReader(stream, maxEventBytes);
        var events = new List<SseEvent>();
        while (await reader.ReadAsync(CancellationToken.None) is { } next)
        {
            events.Add(next);
        }

        return events;
    }

    private static async Task<List<SseEvent>> ReadAll(string text, bool trickle = true)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        using Stream stream = trickle ? new TrickleStream(bytes) : new MemoryStream(bytes);
        var reader = new SseEventReader(stream);
        var events = new List<SseEvent>();
        while (await reader.ReadAsync(CancellationToken.None) is { } next)
        {
            events.Add(next);
        }

        return events;
    }

    private static string Data(SseEvent e) => Encoding.UTF8.GetString(e.Data);

    private static string Raw(SseEvent e) => Encoding.UTF8.GetString(e.Raw);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ReadAsync_EventsSplitAcrossReads_OneEventEach(bool trickle)
    {
        const string text = "data: {\"a\":1}\n\ndata: {\"b\":2}\n\ndata: [DONE]\n\n";

        var events = await ReadAll(text, trickle);

        Assert.Equal(["{\"a\":1}", "{\"b\":2}", "[DONE]"], events.Select(Data));
        Assert.Equal(["data: {\"a\":1}\n\n", "data: {\"b\":2}\n\n", "data: [DONE]\n\n"], events.Select(Raw));
        Assert.Equal([false, false, true], events.Select(e => e.IsDone));
    }

    [Fact]
    public async Task ReadAsync_CrLfLineEndings_EventsAndDataWithoutCr()
    {
        var events = await ReadAll("data: one\r\n\r\ndata: two\r\n\r\n");

        Assert.Equal(["one", "two"], events.Select(Data));
        Assert.Equal("data: one\r\n\r\n", Raw(events[0]));
    }

    [Fact]
    public async Task ReadAsync_MultiLineData_JoinedWithNewline()
    {
        var events = await ReadAll("event: message\nid: 7\ndata: first\ndata:second\n: comment\n\n");

        var single = Assert.Single(events);
        Assert.Equal("first\nsecond", Data(single));
        Assert.Equal("event: message\nid: 7\ndata: first\ndata:second\n: comment\n\n", Raw(single));
    }

    [Theory]
    [InlineData("data: a\n\ndata: last\n")]
    [InlineData("data: a\n\ndata: last")]
    [InlineData("data: a\r\n\r\ndata: last\r\n")]
    public async Task ReadAsync_LastEventWithoutBlankLine_StillReturned(string text)
    {
        var events = await ReadAll(text);

        Assert.Equal(["a", "last"], events.Select(Data));
    }

    [Fact]
    public async Task ReadAsync_EmptyStream_Null()
    {
        Assert.Empty(await ReadAll(""));
    }

    [Fact]
    public async Task ReadAsync_DataWithTwoSpaces_StripsOnlyOne()
    {
        var events = await ReadAll("data:  two spaces\n\n");

        Assert.Equal(" two spaces", Data(Assert.Single(events)));
    }

    [Theory]
    [InlineData("data: a\r\n", "\r", "\ndata: b\r\n\r\n")]
    [InlineData("data: a\r", "\n\r\n", "data: b\r\n", "\r\n")]
    [InlineData("data: a\n", "\n", "data: b\n", "\n")]
    [InlineData("data: a\r\n\r", "\n", "data: b\r\n\r", "\n")]
    public async Task ReadAsync_BlankLineSplitAcrossReads_EachEventEndsThere(params string[] pieces)
    {
        // The cap is each event's exact length: the scan resumed across reads must not count a byte twice.
        var first = pieces[0].Contains("\r", StringComparison.Ordinal) ? "data: a\r\n\r\n" : "data: a\n\n";

        var events = await ReadAll(new PiecesStream(pieces), first.Length);

        Assert.Equal(["a", "b"], events.Select(Data));
        Assert.Equal(first, Raw(events[0]));
    }

    [Fact]
    public async Task ReadAsync_CrThenOtherByteAfterNewline_NotABlankLine()
    {
        var events = await ReadAll(new PiecesStream("data: a\n", "\r", "x\n", "\n"), 64);

        Assert.Equal("data: a\n\rx\n\n", Raw(Assert.Single(events)));
    }

    [Fact]
    public async Task ReadAsync_ManySmallEventsInOneBuffer_CapAppliesToEachEventNotTheBuffer()
    {
        var text = string.Concat(Enumerable.Range(0, 10_000).Select(i => $"data: {i % 10}\n\n"));

        var events = await ReadAll(new MemoryStream(Encoding.UTF8.GetBytes(text)), 16);

        Assert.Equal(10_000, events.Count);
        Assert.Equal(Enumerable.Range(0, 10_000).Select(i => (i % 10).ToString(System.Globalization.CultureInfo.InvariantCulture)), events.Select(Data));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ReadAsync_EventExactlyAtCap_Returned(bool trickle)
    {
        var payload = new string('y', 1000);
        var text = $"data: {payload}\n\n";
        var bytes = Encoding.UTF8.GetBytes(text + "data: next\n\n");
        using Stream stream = trickle ? new TrickleStream(bytes) : new MemoryStream(bytes);

        var events = await ReadAll(stream, text.Length);

        Assert.Equal([payload, "next"], events.Select(Data));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ReadAsync_EventOneByteOverCap_BrokenStream(bool trickle)
    {
        var text = $"data: {new string('y', 1000)}\n\n";
        var bytes = Encoding.UTF8.GetBytes(text);
        using Stream stream = trickle ? new TrickleStream(bytes) : new MemoryStream(bytes);

        var error = await Assert.ThrowsAsync<UpstreamProtocolException>(() => ReadAll(stream, text.Length - 1));

        Assert.Contains("limits.sseEventMaxBytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_32MiBEventWithoutBlankLine_CutOffAfterAtMostCapPlusOneReadBuffer()
    {
        const int ReadBuffer = 4096; // the pipe's segment: one read asks for at most this much
        using var stream = new UnendingEventStream(32L * 1024 * 1024);
        var reader = new SseEventReader(stream);

        await Assert.ThrowsAsync<UpstreamProtocolException>(() => reader.ReadAsync(CancellationToken.None).AsTask());

        Assert.InRange(stream.BytesRead, GatewayLimitsDefinition.DefaultSseEventMaxBytes, GatewayLimitsDefinition.DefaultSseEventMaxBytes + ReadBuffer);
    }
}
