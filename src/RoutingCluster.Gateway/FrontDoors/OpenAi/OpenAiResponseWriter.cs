using Microsoft.AspNetCore.Http.Features;
using RoutingCluster.Entities;
using RoutingCluster.Gateway.Forwarding;
using RoutingCluster.Gateway.Logging;

namespace RoutingCluster.Gateway.FrontDoors.OpenAi;

/// <summary>
/// Writes an opened OpenAI-format attempt to the client: a buffered body as is, or a stream event
/// by event with a flush after each. A stream that breaks after its first byte ends with an in-band
/// error event and no <c>[DONE]</c>, since the client already holds part of the answer.
/// </summary>
public static class OpenAiResponseWriter
{
    public static async Task<(int Status, TokenUsage? Usage)> WriteAsync(
        HttpContext context, OpenedAttempt opened, bool usageInjected, CancellationToken cancellationToken, ILogger logger)
    {
        var response = context.Response;
        response.StatusCode = opened.Response.Status;
        if (!opened.IsStream)
        {
            var usage = TokenUsage.TryRead(opened.Body, out _);
            response.ContentType = opened.Response.ContentType ?? "application/json";
            await response.Body.WriteAsync(opened.Body, cancellationToken);
            await opened.CompleteAsync(OutcomeKind.Success, usage);
            return (response.StatusCode, usage);
        }

        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["x-accel-buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        TokenUsage? streamed = null;
        var next = opened.FirstEvent;
        while (next is not null)
        {
            var usageOnly = false;
            var usage = next.IsDone ? null : TokenUsage.TryRead(next.Data, out usageOnly);
            streamed = usage ?? streamed;

            // A usage chunk the gateway asked for on the client's behalf is read here and not forwarded.
            var forward = !(usageInjected && usage is not null && usageOnly);
            if (forward && !await TryWriteAsync(response, next.Raw, cancellationToken))
            {
                await opened.CompleteAsync(OutcomeKind.Cancelled, streamed);
                return (response.StatusCode, streamed);
            }

            try
            {
                next = await opened.Events!.ReadAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await opened.CompleteAsync(OutcomeKind.Cancelled, streamed);
                if (!context.RequestAborted.IsCancellationRequested)
                {
                    await TryWriteAsync(response, OpenAiErrors.StreamErrorEvent("The request deadline passed before the answer finished; the answer is incomplete."), CancellationToken.None);
                }

                return (response.StatusCode, streamed);
            }
            catch (Exception ex) when (ex is IOException or HttpRequestException or UpstreamProtocolException)
            {
                Log.StreamBroken(logger, opened.Candidate.Credential.Id, ex.GetType().Name);
                await opened.CompleteAsync(OutcomeKind.StreamBroken, streamed);
                await TryWriteAsync(response, OpenAiErrors.StreamErrorEvent("The upstream stream broke after the answer started; the answer is incomplete."), CancellationToken.None);
                return (response.StatusCode, streamed);
            }
        }

        await opened.CompleteAsync(OutcomeKind.Success, streamed);
        return (response.StatusCode, streamed);
    }

    /// <summary>Writes and flushes one event; false when the client has gone away.</summary>
    private static async Task<bool> TryWriteAsync(HttpResponse response, byte[] bytes, CancellationToken cancellationToken)
    {
        try
        {
            await response.Body.WriteAsync(bytes, cancellationToken);
            await response.Body.FlushAsync(cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
        {
            return false;
        }
    }
}
