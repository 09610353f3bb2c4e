using RoutingCluster.Entities;
using RoutingCluster.Gateway.Logging;
using RoutingCluster.Gateway.Translation;
using RoutingCluster.Gateway.Wire;
using RoutingCluster.Routing;

namespace RoutingCluster.Gateway.Forwarding;

/// <summary>
/// Relays an opened upstream stream to the client event by event, translated, with a flush after
/// each (no buffering). A stream that breaks after its first byte ends with the translator's
/// in-band error event, since the client already holds part of the answer. Settles nothing: it
/// returns how the stream ended and the usage seen, for the attempt's owner to settle.
/// </summary>
public sealed class StreamRelay(ILogger<StreamRelay> logger)
{
    public async Task<(OutcomeKind End, TokenUsage? Usage)> RelayAsync(
        UpstreamReply.Stream reply, IStreamTranslator translator, IResponseSink sink, Candidate served, int attempts, CancellationToken cancellationToken)
    {
        sink.Start(reply.Response.Status, served, attempts, stream: true);
        var next = reply.FirstEvent;
        while (next is not null)
        {
            if (!TryTranslate(translator, next, out var events, out var problem))
            {
                Log.StreamBroken(logger, served.Credential.Id, problem);
                await sink.TryWriteEventsAsync([translator.ErrorEvent("The upstream sent an event the gateway could not read; the answer is incomplete.")], CancellationToken.None);
                return (OutcomeKind.StreamBroken, translator.Usage);
            }

            if (!await sink.TryWriteEventsAsync(events, cancellationToken))
            {
                return (OutcomeKind.Cancelled, translator.Usage);
            }

            try
            {
                next = await reply.Events.ReadAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                if (!sink.ClientGone)
                {
                    await sink.TryWriteEventsAsync([translator.ErrorEvent("The request deadline passed before the answer finished; the answer is incomplete.")], CancellationToken.None);
                }

                return (OutcomeKind.Cancelled, translator.Usage);
            }
            catch (Exception ex) when (ex is IOException or HttpRequestException or UpstreamProtocolException)
            {
                Log.StreamBroken(logger, served.Credential.Id, ex.GetType().Name);
                await sink.TryWriteEventsAsync([translator.ErrorEvent("The upstream stream broke after the answer started; the answer is incomplete.")], CancellationToken.None);
                return (OutcomeKind.StreamBroken, translator.Usage);
            }
        }

        await sink.TryWriteEventsAsync(translator.OnEnd(), cancellationToken);
        return (OutcomeKind.Success, translator.Usage);
    }

    /// <summary>An event whose strings are not Unicode, or whose fields have unexpected types, is as unreadable as one that is not JSON.</summary>
    private static bool TryTranslate(IStreamTranslator translator, Wire.SseEvent next, out IReadOnlyList<byte[]> events, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? problem)
    {
        try
        {
            return translator.TryTranslate(next, out events, out problem);
        }
        catch (InvalidOperationException)
        {
            events = [];
            problem = "an event holds a string that is not valid Unicode or a field of an unexpected type";
            return false;
        }
    }
}
