using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace RoutingCluster.Testing.Otlp;

/// <summary>
/// An OTLP/HTTP receiver on loopback (protobuf bodies): keeps every span posted to
/// <c>/v1/traces</c>, and accepts (and counts) metric and log exports. It answers 200 with an
/// empty protobuf body, as a collector does on full success.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<OtlpSpan> _spans = new();
    private int _metricExports;

    private OtlpReceiver(WebApplication app) => _app = app;

    /// <summary>The endpoint to give an exporter (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>).</summary>
    public string Endpoint => _app.Urls.First();

    public IReadOnlyCollection<OtlpSpan> Spans => [.. _spans];

    public int MetricExports => Volatile.Read(ref _metricExports);

    public static async Task<OtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new OtlpReceiver(app);
        app.MapPost("/v1/traces", async (HttpRequest request) =>
        {
            foreach (var span in OtlpTraceDecoder.Decode(await ReadAllAsync(request)))
            {
                receiver._spans.Enqueue(span);
            }

            return Protobuf();
        });
        app.MapPost("/v1/metrics", async (HttpRequest request) =>
        {
            await ReadAllAsync(request);
            Interlocked.Increment(ref receiver._metricExports);
            return Protobuf();
        });
        app.MapPost("/v1/logs", async (HttpRequest request) =>
        {
            await ReadAllAsync(request);
            return Protobuf();
        });
        await app.StartAsync();
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static IResult Protobuf() => Results.Bytes([], "application/x-protobuf");

    private static async Task<byte[]> ReadAllAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        return buffer.ToArray();
    }
}
