using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace RoutingCluster.Benchmarks;

/// <summary>
/// The mock upstream under load: OpenAI chat completions from precomputed bytes, so its own cost is as
/// small and as constant as it can be, and it keeps no request log (the test mock keeps every request,
/// which would grow with the load). Zero delay by default; the slow mode waits before the first byte and
/// spaces the stream's chunks, like a real model.
/// </summary>
public sealed class BenchUpstream : IAsyncDisposable
{
    private const string Id = "chatcmpl-bench";
    private const string Model = "up-model-1";
    private const string Envelope = $$"""{"id":"{{Id}}","object":"chat.completion.chunk","created":1767225600,"model":"{{Model}}",""";
    private static readonly byte[] StreamFlag = Encoding.ASCII.GetBytes("\"stream\":true");
    private static readonly byte[] UsageFlag = Encoding.ASCII.GetBytes("\"include_usage\":true");
    private static readonly byte[] Completion = Encoding.UTF8.GetBytes(
        $$$"""{"id":"{{{Id}}}","object":"chat.completion","created":1767225600,"model":"{{{Model}}}","choices":[{"index":0,"message":{"role":"assistant","content":"Hello from the bench upstream."},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":12,"completion_tokens":8,"total_tokens":20}}""");

    private static readonly byte[] UsageEvent = Event($$$"""{{{Envelope}}}"choices":[],"usage":{"prompt_tokens":12,"completion_tokens":8,"total_tokens":20}}""");
    private static readonly byte[] DoneEvent = Encoding.ASCII.GetBytes("data: [DONE]\n\n");

    private readonly WebApplication _app;
    private readonly byte[][] _chunks;
    private readonly TimeSpan _firstByteDelay;
    private readonly TimeSpan _chunkInterval;
    private int _inFlight;
    private int _received;

    private BenchUpstream(WebApplication app, bool slow)
    {
        _app = app;
        _firstByteDelay = slow ? TimeSpan.FromMilliseconds(50) : TimeSpan.Zero;
        _chunkInterval = slow ? TimeSpan.FromMilliseconds(10) : TimeSpan.Zero;
        var words = slow ? Enumerable.Range(1, 10).Select(i => $"word{i} ").ToArray() : ["Hello ", "from the ", "bench upstream."];
        _chunks = [.. words.Select((w, i) => Event($$"""{{Envelope}}"choices":[{"index":0,"delta":{{{(i == 0 ? "\"role\":\"assistant\"," : "")}}"content":"{{w}}"},"logprobs":null,"finish_reason":null}]}""")),
            Event($$"""{{Envelope}}"choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}]}""")];
        StreamChunks = words.Length;
    }

    public string OpenAiBaseUrl { get; private set; } = "";

    public int InFlight => Volatile.Read(ref _inFlight);

    public int Received => Volatile.Read(ref _received);

    /// <summary>Content chunks per stream (before the finish, usage and [DONE] events).</summary>
    public int StreamChunks { get; }

    public string Describe() => _firstByteDelay > TimeSpan.Zero
        ? $"slow: {_firstByteDelay.TotalMilliseconds:F0} ms before the first byte, {StreamChunks} content chunks {_chunkInterval.TotalMilliseconds:F0} ms apart"
        : $"zero delay: ~{Completion.Length} B completion, {StreamChunks} content chunks";

    public static async Task<BenchUpstream> StartAsync(bool slow)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var upstream = new BenchUpstream(builder.Build(), slow);
        upstream._app.MapPost("/v1/chat/completions", upstream.AnswerAsync);
        await upstream._app.StartAsync();
        upstream.OpenAiBaseUrl = upstream._app.Urls.First().TrimEnd('/') + "/v1";
        return upstream;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task AnswerAsync(HttpContext context)
    {
        Interlocked.Increment(ref _received);
        Interlocked.Increment(ref _inFlight);
        try
        {
            var ct = context.RequestAborted;
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, ct);
            var request = body.GetBuffer().AsSpan(0, (int)body.Length);
            var stream = request.IndexOf(StreamFlag) >= 0;
            var usage = request.IndexOf(UsageFlag) >= 0;
            if (_firstByteDelay > TimeSpan.Zero)
            {
                await Task.Delay(_firstByteDelay, ct);
            }

            var response = context.Response;
            if (!stream)
            {
                response.ContentType = "application/json";
                response.ContentLength = Completion.Length;
                await response.Body.WriteAsync(Completion, ct);
                return;
            }

            response.ContentType = "text/event-stream";
            for (var i = 0; i < _chunks.Length; i++)
            {
                if (i > 0 && i < StreamChunks && _chunkInterval > TimeSpan.Zero)
                {
                    await Task.Delay(_chunkInterval, ct);
                }

                await response.Body.WriteAsync(_chunks[i], ct);
                await response.Body.FlushAsync(ct);
            }

            if (usage)
            {
                await response.Body.WriteAsync(UsageEvent, ct);
            }

            await response.Body.WriteAsync(DoneEvent, ct);
            await response.Body.FlushAsync(ct);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private static byte[] Event(string json) => Encoding.UTF8.GetBytes("data: " + json + "\n\n");
}
