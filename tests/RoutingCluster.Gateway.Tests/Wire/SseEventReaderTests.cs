using System.Text;
using Xunit;
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
}
