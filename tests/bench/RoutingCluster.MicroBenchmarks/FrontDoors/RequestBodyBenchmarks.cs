using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using RoutingCluster.Gateway.FrontDoors;
using RoutingCluster.MicroBenchmarks.Inputs;

namespace RoutingCluster.MicroBenchmarks.FrontDoors;

/// <summary>Reading a 4 KB request body whole, with a declared length (the usual client) and chunked.</summary>
public class RequestBodyBenchmarks
{
    private const long Limit = 10 * 1024 * 1024;

    private byte[] _body = null!;
    private DefaultHttpContext _context = null!;
    private MemoryStream _stream = null!;

    [GlobalSetup]
    public void Setup()
    {
        _body = ChatBodies.Create("claude-sonnet-4-5-20250929");
        _stream = new MemoryStream(_body, writable: false);
        _context = new DefaultHttpContext();
        _context.Request.Body = _stream;
    }

    [Benchmark]
    public Task<byte[]?> ReadDeclaredLength() => Read(_body.Length);

    [Benchmark]
    public Task<byte[]?> ReadChunked() => Read(null);

    private Task<byte[]?> Read(long? length)
    {
        _stream.Position = 0;
        _context.Request.ContentLength = length;
        return RequestBodyReader.ReadAsync(_context.Request, Limit, CancellationToken.None);
    }
}
