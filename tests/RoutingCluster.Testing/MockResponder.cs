using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace RoutingCluster.Testing;

/// <summary>
/// Writes one <see cref="MockReply"/> in the format of an <see cref="IMockWire"/>: gates, then faults, then
/// status and headers, then a JSON body or an SSE stream flushed after every event, so the client sees each
/// chunk as it is sent.
/// A mid-stream reset throws once the response has started: Kestrel then stops the output and closes
/// the connection gracefully, so the client reads every flushed chunk before the stream ends early.
/// (<see cref="HttpContext.Abort"/> would send a TCP reset, which discards data the client has not read yet.)
/// </summary>
internal static class MockResponder
{
    private static readonly MockError MidStreamError = new("The server had an error while processing your request.", "server_error", null);

    public static async Task WriteAsync(
        HttpContext context, IMockWire wire, ReceivedRequest request, MockReply reply, CancellationToken ct)
    {
        if (reply.FirstByteGate is { } firstByte)
        {
            await firstByte.PassAsync(ct);
        }

        if (reply.FirstByteDelay > TimeSpan.Zero)
        {
            await Task.Delay(reply.FirstByteDelay, ct);
        }

        if (reply.Fault == MockFault.ResetBeforeHeaders)
        {
            context.Abort();
            return;
        }

        var response = context.Response;
        var ok = reply.StatusCode is >= 200 and < 300;
        var errorInsteadOfBody = ok && reply.Fault == MockFault.ErrorMidStream && !request.Stream;
        response.StatusCode = errorInsteadOfBody ? 529 : reply.StatusCode;
        foreach (var (name, value) in wire.Headers(request))
        {
            response.Headers[name] = value;
        }

        foreach (var (name, value) in reply.Headers)
        {
            response.Headers.Append(name, value);
        }

        if (reply.RawContentType is { } rawType)
        {
            response.ContentType = rawType;
            await WriteBodyAsync(context, reply, Encoding.UTF8.GetBytes(reply.Body ?? ""), ct);
            return;
        }

        var useTool = reply.Tool is not null && request.HasTools;
        if (ok && request.Stream)
        {
            await WriteStreamAsync(context, wire, reply, wire.Stream(request, reply, useTool), ct);
            return;
        }

        var body = ok && !errorInsteadOfBody
            ? wire.Body(request, reply, useTool)
            : reply.Body ?? wire.Error(request, response.StatusCode, reply.Error);
        response.ContentType = "application/json";
        await WriteBodyAsync(context, reply, Encoding.UTF8.GetBytes(body), ct);
    }

    /// <summary>A 400 outside the script: what a real endpoint says to a malformed request.</summary>
    public static Task WriteInvalidRequestAsync(
        HttpContext context, IMockWire wire, ReceivedRequest request, string message, CancellationToken ct)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status400BadRequest;
        foreach (var (name, value) in wire.Headers(request))
        {
            response.Headers[name] = value;
        }

        response.ContentType = "application/json";
        var error = new MockError(message, "invalid_request_error", null, "invalid_request_error");
        return response.WriteAsync(wire.Error(request, StatusCodes.Status400BadRequest, error), ct);
    }

    private static async Task WriteStreamAsync(
        HttpContext context, IMockWire wire, MockReply reply, IReadOnlyList<MockSseEvent> events, CancellationToken ct)
    {
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await response.StartAsync(ct);
        await response.Body.FlushAsync(ct);
        if (reply.Fault == MockFault.OversizedEvent)
        {
            await WriteOversizedEventAsync(response, reply.OversizedEventBytes, ct);
            return;
        }

        var cutAfter = reply.Fault is MockFault.ResetMidStream or MockFault.ErrorMidStream
            ? Math.Max(0, reply.ResetAfterChunks)
            : int.MaxValue;
        for (var sent = 0; sent < events.Count && sent < cutAfter; sent++)
        {
            if (sent == 1 && reply.AfterFirstChunkGate is { } gate)
            {
                await gate.PassAsync(ct);
            }

            if (sent == events.Count - 1 && cutAfter == int.MaxValue && wire.StreamEnd is null)
            {
                MockExchange.EndOf(context);
            }

            await WriteEventAsync(response, events[sent], ct);
        }

        switch (reply.Fault)
        {
            case MockFault.ResetMidStream:
                throw CutStream();
            case MockFault.ErrorMidStream:
                MockExchange.EndOf(context);
                await WriteEventAsync(response, wire.StreamError(reply.Error ?? MidStreamError), ct);
                return;
        }

        MockExchange.EndOf(context);
        if (wire.StreamEnd is { } end)
        {
            await WriteEventAsync(response, end, ct);
        }
    }

    private static async Task WriteOversizedEventAsync(HttpResponse response, long bytes, CancellationToken ct)
    {
        await response.Body.WriteAsync("data: "u8.ToArray(), ct);
        var piece = new byte[64 * 1024];
        Array.Fill(piece, (byte)'x');
        for (var left = bytes; left > 0; left -= piece.Length)
        {
            await response.Body.WriteAsync(piece.AsMemory(0, (int)Math.Min(piece.Length, left)), ct);
            await response.Body.FlushAsync(ct);
        }
    }

    private static async Task WriteEventAsync(HttpResponse response, MockSseEvent sseEvent, CancellationToken ct)
    {
        await response.WriteAsync(sseEvent.Format(), ct);
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
            MockExchange.EndOf(context);
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
        MockExchange.EndOf(context);
        await response.Body.WriteAsync(body.AsMemory(half), ct);
    }

    private static InvalidOperationException CutStream() =>
        new("MockUpstream cut the response short, as scripted by MockReply.ResetMidStream.");
}
