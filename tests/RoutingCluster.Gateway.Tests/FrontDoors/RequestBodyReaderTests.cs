using Microsoft.AspNetCore.Http;
using RoutingCluster.Gateway.FrontDoors;
using Xunit;

namespace RoutingCluster.Gateway.Tests.FrontDoors;

public sealed class RequestBodyReaderTests
{
    private static HttpRequest Request(byte[] body, bool declareLength, int readSize = int.MaxValue)
    {
        var context = new DefaultHttpContext();
        context.Request.Body = new TrickleStream(body, readSize);
        context.Request.ContentLength = declareLength ? body.Length : null;
        return context.Request;
    }

    private static byte[] Bytes(int length) => [.. Enumerable.Range(0, length).Select(i => (byte)(i * 7))];

    [Theory]
    [InlineData(0, true)]
    [InlineData(1, true)]
    [InlineData(100, true)]
    [InlineData(70_000, true)]
    [InlineData(0, false)]
    [InlineData(1, false)]
    [InlineData(4096, false)]
    [InlineData(70_000, false)]
    public async Task ReadAsync_WithinLimit_ReturnsTheWholeBody(int length, bool declareLength)
    {
        var body = Bytes(length);

        var read = await RequestBodyReader.ReadAsync(Request(body, declareLength, readSize: 1000), 100_000, CancellationToken.None);

        Assert.Equal(body, read);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ReadAsync_AtTheLimit_ReturnsTheBody(bool declareLength)
    {
        var body = Bytes(5000);

        Assert.Equal(body, await RequestBodyReader.ReadAsync(Request(body, declareLength), 5000, CancellationToken.None));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ReadAsync_OverTheLimit_ReturnsNull(bool declareLength)
    {
        var body = Bytes(5001);

        Assert.Null(await RequestBodyReader.ReadAsync(Request(body, declareLength, readSize: 700), 5000, CancellationToken.None));
    }

    [Fact]
    public async Task ReadAsync_MoreBytesThanDeclaredPastTheLimit_ReturnsNull()
    {
        var request = Request(Bytes(300), declareLength: false);
        request.ContentLength = 200;

        Assert.Null(await RequestBodyReader.ReadAsync(request, 250, CancellationToken.None));
    }

    [Fact]
    public async Task ReadAsync_FewerBytesThanDeclared_ReturnsWhatCame()
    {
        var request = Request(Bytes(150), declareLength: false);
        request.ContentLength = 200;

        Assert.Equal(Bytes(150), await RequestBodyReader.ReadAsync(request, 1000, CancellationToken.None));
    }

    /// <summary>A body that arrives at most <c>readSize</c> bytes per read, as from a socket.</summary>
    private sealed class TrickleStream(byte[] data, int readSize) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, readSize)], cancellationToken);
    }
}
