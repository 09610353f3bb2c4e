using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace RoutingCluster.Testing;

/// <summary>
/// Writes one <see cref="MockReply"/> to the wire: gates, then faults, then status and headers, then a
/// JSON body or an SSE stream flushed after every event, so the client sees each chunk as it is sent.
/// A mid-stream reset throws once the response has started: Kestrel then stops the output and closes
/// the connection gracefully, so the client reads every flushed chunk before the stream ends early.
/// (<see cref="HttpContext.Abort"/> would send a TCP reset, which discards data the client has not read yet.)
/// </summary>
internal static class MockResponder
{
    public static async Task WriteAsync(HttpContext context, ReceivedRequest request, MockReply reply, CancellationToken ct)
    {
        if (reply.FirstByteGate is { } firstByte)
        {
            await firstByte.PassAsync(ct);
        }

        if (reply.Fault == MockFault.ResetBeforeHeaders)
        {
            context.Abort();
            return;
        }

        var response = context.Response;
        response.StatusCode = reply.StatusCode;
        foreach (var (name, value) in reply.Headers)
        {
            response.Headers.Append(name, value);
        }

        var id = $"chatcmpl-mock-{request.Sequence}";
        var model = request.Model ?? "mock-model";
        var useTool = reply.Tool is not null && request.HasTools;
        var ok = reply.StatusCode is >= 200 and < 300;
        if (ok && request.Stream)
        {
            var events = MockJson.Chunks(id, model, reply, useTool, request.IncludeUsage);
            await WriteStreamAsync(context, reply, events, ct);
            return;
        }

        var body = ok
            ? MockJson.Completion(id, model, reply, useTool)
            : reply.Body ?? MockJson.Error($"Mock upstream answered {reply.StatusCode}.", "mock_error", null);
        response.ContentType = "application/json";
        await WriteBodyAsync(context, reply, Encoding.UTF8.GetBytes(body), ct);
    }

    private static async Task WriteStreamAsync(HttpContext context, MockReply reply, List<string> events, CancellationToken ct)
    {
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await response.StartAsync(ct);
        await response.Body.FlushAsync(ct);

        var resetAfter = reply.Fault == MockFault.ResetMidStream ? Math.Max(0, reply.ResetAfterChunks) : int.MaxValue;
        for (var sent = 0; sent < events.Count; sent++)
        {
            if (sent == resetAfter)
            {
                throw CutStream();
            }

            if (sent == 1 && reply.AfterFirstChunkGate is { } gate)
            {
                await gate.PassAsync(ct);
            }

            await response.WriteAsync($"data: {events[sent]}\n\n", ct);
            await response.Body.FlushAsync(ct);
        }

        if (resetAfter != int.MaxValue)
        {
            throw CutStream();
        }

        await response.WriteAsync("data: [DONE]\n\n", ct);
        await response.Body.FlushAsync(ct);
    }

    /// <summary>A JSON body goes out in two halves when a gate or a mid-body reset must sit between them.</summary>
    private static async Task WriteBodyAsync(HttpContext context, MockReply reply, byte[] body, CancellationToken ct)
    {
        var response = context.Response;
        response.ContentLength = body.Length;
        var split = reply.Fault == MockFault.ResetMidStream || reply.AfterFirstChunkGate is not null;
        if (!split)
        {
            await response.Body.WriteAsync(body, ct);
            return;
        }

        var half = body.Length / 2;
        await response.Body.WriteAsync(body.AsMemory(0, half), ct);
        await response.Body.FlushAsync(ct);
        if (reply.Fault == MockFault.ResetMidStream)
        {
            throw CutStream();
        }

        await reply.AfterFirstChunkGate!.PassAsync(ct);
        await response.Body.WriteAsync(body.AsMemory(half), ct);
    }

    private static InvalidOperationException CutStream() =>
        new("MockUpstream cut the response short, as scripted by MockReply.ResetMidStream.");
}
