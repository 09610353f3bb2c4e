using RoutingCluster.Entities;
using RoutingCluster.Gateway.Providers;
using RoutingCluster.Gateway.Wire;

namespace RoutingCluster.Gateway.Forwarding;

/// <summary>
/// What one send brought back by its first byte. The two opened cases hand their
/// <see cref="UpstreamResponse"/> over to the caller, who disposes it; the others hold none (the
/// sender has read and closed it).
/// </summary>
public abstract record UpstreamReply
{
    private UpstreamReply()
    {
    }

    /// <summary>From the send to this reply (for an opened answer: its first byte).</summary>
    public required TimeSpan Elapsed { get; init; }

    /// <summary>What the response headers said of the key's limits; null when no response came.</summary>
    public required RateLimitObservation? RateLimits { get; init; }

    /// <summary>A 2xx whose whole body is in hand.</summary>
    public sealed record Body(UpstreamResponse Response, byte[] Content) : UpstreamReply;

    /// <summary>A 2xx stream whose first event is in hand; <paramref name="Events"/> reads the rest.</summary>
    public sealed record Stream(UpstreamResponse Response, SseEvent FirstEvent, SseEventReader Events) : UpstreamReply;

    /// <summary>A 4xx about the request itself (not 401/403/408/429): passed back, no failover.</summary>
    public sealed record ClientError(int Status, byte[] Content, string Detail) : UpstreamReply;

    /// <summary>The attempt failed before its first byte: the caller may try the next candidate.</summary>
    /// <param name="Kind">Never <see cref="OutcomeKind.Success"/> or <see cref="OutcomeKind.ClientError"/>.</param>
    public sealed record Failed(OutcomeKind Kind, int? Status, string Detail) : UpstreamReply;
}
