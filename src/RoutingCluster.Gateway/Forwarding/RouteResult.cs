using RoutingCluster.Routing;

namespace RoutingCluster.Gateway.Forwarding;

/// <summary>
/// How routing ended: an attempt whose first byte is in hand (<see cref="Opened"/>), an upstream
/// answer to pass back as is (<see cref="PassThrough"/>, a 4xx about the request itself), or a
/// <see cref="Failure"/>. Exactly one is set, except when the caller went away (all null).
/// </summary>
public sealed record RouteResult(
    OpenedAttempt? Opened,
    PassThroughAnswer? PassThrough,
    RouteFailure? Failure,
    IReadOnlyList<AttemptRecord> Attempts,
    IReadOnlyList<SkippedCandidate> Skipped);

/// <summary>An upstream error about the request itself (e.g. 400 invalid parameter), forwarded untouched.</summary>
public sealed record PassThroughAnswer(Candidate Candidate, int Status, string? ContentType, byte[] Body);

public enum RouteFailureKind
{
    /// <summary>Every candidate is at a limit that frees up with time: 429 with retry-after.</summary>
    RateLimited,
    /// <summary>No candidate can take the request at all (context, capability): 400.</summary>
    Unservable,
    /// <summary>Nothing was tried: breakers open, keys disabled: 503.</summary>
    Unavailable,
    /// <summary>Every attempt failed: 502.</summary>
    AllAttemptsFailed,
    /// <summary>The request deadline passed before any answer: 504.</summary>
    DeadlineExceeded,
}

/// <param name="RetryAfter">When a candidate is expected to accept again, if known.</param>
public sealed record RouteFailure(RouteFailureKind Kind, string Message, TimeSpan? RetryAfter, string? Code = null);
