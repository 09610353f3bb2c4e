using RoutingCluster.Entities;
using RoutingCluster.Gateway.Providers;
using RoutingCluster.Routing;

namespace RoutingCluster.Gateway.Forwarding;

/// <summary>
/// A successful attempt whose first byte is in hand but not yet sent to the client: a buffered
/// body, or the first event of a stream plus a reader for the rest. The caller writes it out and
/// then <see cref="CompleteAsync"/> settles the credential and provider entities, exactly once.
/// </summary>
public sealed class OpenedAttempt : IAsyncDisposable
{
    private readonly AttemptSettler _settler;
    private readonly long _startedAt;
    private int _completed;
    private TimeSpan? _completedElapsed;

    internal OpenedAttempt(Candidate candidate, string leaseId, UpstreamResponse response, byte[]? body, SseEvent? firstEvent,
        SseEventReader? events, AttemptSettler settler, long startedAt, TimeSpan timeToFirstByte, RateLimitObservation rateLimits)
    {
        Candidate = candidate;
        LeaseId = leaseId;
        Response = response;
        Body = body;
        FirstEvent = firstEvent;
        Events = events;
        _settler = settler;
        _startedAt = startedAt;
        TimeToFirstByte = timeToFirstByte;
        RateLimits = rateLimits;
    }

    public Candidate Candidate { get; }

    public string LeaseId { get; }

    public UpstreamResponse Response { get; }

    /// <summary>The whole body of a non-streamed answer.</summary>
    public byte[]? Body { get; }

    /// <summary>The first event of a streamed answer.</summary>
    public SseEvent? FirstEvent { get; }

    /// <summary>Reads the rest of a streamed answer.</summary>
    public SseEventReader? Events { get; }

    public TimeSpan TimeToFirstByte { get; }

    public RateLimitObservation RateLimits { get; }

    public bool IsStream => Events is not null;

    /// <summary>Time since the attempt was sent (its whole length once completed).</summary>
    public TimeSpan Elapsed => _completedElapsed ?? _settler.Elapsed(_startedAt);

    /// <summary>Settles the attempt: releases the lease, records usage, latency and outcome.</summary>
    public async Task CompleteAsync(OutcomeKind outcome, TokenUsage? usage)
    {
        if (Interlocked.Exchange(ref _completed, 1) == 1)
        {
            return;
        }

        _completedElapsed = _settler.Elapsed(_startedAt);
        var result = new AttemptOutcome(outcome, Response.Status, usage?.Total, _completedElapsed, TimeToFirstByte, RateLimits);
        await _settler.SettleAsync(Candidate, LeaseId, result);
    }

    public async ValueTask DisposeAsync()
    {
        await CompleteAsync(OutcomeKind.Cancelled, null);
        await Response.DisposeAsync();
    }
}
