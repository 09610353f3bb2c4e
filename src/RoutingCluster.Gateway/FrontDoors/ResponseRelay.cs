using Microsoft.AspNetCore.Http.Features;
using RoutingCluster.Entities;
using RoutingCluster.Gateway.Forwarding;
using RoutingCluster.Gateway.Logging;
using RoutingCluster.Gateway.Translation;

namespace RoutingCluster.Gateway.FrontDoors;

/// <summary>
/// Writes an opened attempt to the client through a translator: a whole body at once, or a
/// stream event by event with a flush after each (no buffering). A stream that breaks after its
/// first byte ends with the client protocol's in-band error event, since the client already holds
/// part of the answer; then the attempt is settled with what was seen.
/// </summary>
public static class ResponseRelay
{
    /// <exception cref="TranslationException">The upstream body could not be read in its own protocol;
    /// the attempt is settled as an upstream failure and nothing has been written.</exception>
    public static async Task<(int Status, TokenUsage? Usage, OutcomeKind Outcome)> BodyAsync(HttpContext context, OpenedAttempt opened, IBodyTranslator translator, CancellationToken cancellationToken)
    {
        byte[] body;
        TokenUsage? usage;
        try
        {
            (body, usage) = translator.Translate(opened.Body!);
        }
        catch (TranslationException)
        {
            await opened.CompleteAsync(OutcomeKind.ServerError, null);
            throw;
        }

        context.Response.StatusCode = opened.Response.Status;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(body, cancellationToken);
        await opened.CompleteAsync(OutcomeKind.Success, usage);
        return (opened.Response.Status, usage, OutcomeKind.Success);
    }

    public static async Task<(int Status, TokenUsage? Usage, OutcomeKind Outcome)> StreamAsync(
        HttpContext context, OpenedAttempt opened, IStreamTranslator translator, CancellationToken cancellationToken, ILogger logger)
    {
        var response = context.Response;
        response.StatusCode = opened.Response.Status;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["x-accel-buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        var next = opened.FirstEvent;
        while (next is not null)
        {
            IReadOnlyList<byte[]> events;
            try
            {
                events = translator.OnEvent(next);
            }
            catch (TranslationException ex)
            {
                Log.StreamBroken(logger, opened.Candidate.Credential.Id, ex.Message);
                await opened.CompleteAsync(OutcomeKind.StreamBroken, translator.Usage);
                await TryWriteAsync(response, [translator.ErrorEvent("The upstream sent an event the gateway could not read; the answer is incomplete.")], CancellationToken.None);
                return (response.StatusCode, translator.Usage, OutcomeKind.StreamBroken);
            }

            if (!await TryWriteAsync(response, events, cancellationToken))
            {
                await opened.CompleteAsync(OutcomeKind.Cancelled, translator.Usage);
                return (response.StatusCode, translator.Usage, OutcomeKind.Cancelled);
            }

            try
            {
                next = await opened.Events!.ReadAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await opened.CompleteAsync(OutcomeKind.Cancelled, translator.Usage);
                if (!context.RequestAborted.IsCancellationRequested)
                {
                    await TryWriteAsync(response, [translator.ErrorEvent("The request deadline passed before the answer finished; the answer is incomplete.")], CancellationToken.None);
                }

                return (response.StatusCode, translator.Usage, OutcomeKind.Cancelled);
            }
            catch (Exception ex) when (ex is IOException or HttpRequestException or UpstreamProtocolException)
            {
                Log.StreamBroken(logger, opened.Candidate.Credential.Id, ex.GetType().Name);
                await opened.CompleteAsync(OutcomeKind.StreamBroken, translator.Usage);
                await TryWriteAsync(response, [translator.ErrorEvent("The upstream stream broke after the answer started; the answer is incomplete.")], CancellationToken.None);
                return (response.StatusCode, translator.Usage, OutcomeKind.StreamBroken);
            }
        }

        await TryWriteAsync(response, translator.OnEnd(), cancellationToken);
        await opened.CompleteAsync(OutcomeKind.Success, translator.Usage);
        return (response.StatusCode, translator.Usage, OutcomeKind.Success);
    }

    /// <summary>Writes events and flushes once; false when the client has gone away.</summary>
    private static async Task<bool> TryWriteAsync(HttpResponse response, IReadOnlyList<byte[]> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            return true;
        }

        try
        {
            foreach (var item in events)
            {
                await response.Body.WriteAsync(item, cancellationToken);
            }

            await response.Body.FlushAsync(cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
        {
            return false;
        }
    }
}
