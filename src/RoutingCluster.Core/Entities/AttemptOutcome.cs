namespace RoutingCluster.Entities;

/// <summary>How one upstream attempt ended, as the entities need to know it.</summary>
public enum OutcomeKind
{
    Success,
    /// <summary>429 from upstream.</summary>
    RateLimited,
    /// <summary>5xx (and 529-style overload) from upstream.</summary>
    ServerError,
    /// <summary>Connection refused, reset before headers, DNS, TLS.</summary>
    ConnectError,
    /// <summary>No first byte within the attempt timeout.</summary>
    Timeout,
    /// <summary>401/403: the key is wrong or revoked.</summary>
    AuthFailed,
    /// <summary>Any other 4xx: the request was bad, the key is fine.</summary>
    ClientError,
    /// <summary>The stream broke after the first byte reached the client.</summary>
    StreamBroken,
    /// <summary>The caller went away or the request deadline passed; says nothing about the upstream.</summary>
    Cancelled,
}

public static class OutcomeKindExtensions
{
    /// <summary>Failures that speak about upstream health (breaker and error rate).</summary>
    public static bool CountsAsFailure(this OutcomeKind kind) =>
        kind is OutcomeKind.ServerError or OutcomeKind.ConnectError or OutcomeKind.Timeout or OutcomeKind.StreamBroken;

    /// <summary>Failures after which another candidate may be tried, when nothing reached the client yet.</summary>
    public static bool AllowsFailover(this OutcomeKind kind) =>
        kind is OutcomeKind.RateLimited or OutcomeKind.ServerError or OutcomeKind.ConnectError
            or OutcomeKind.Timeout or OutcomeKind.AuthFailed;
}

/// <param name="Status">Upstream HTTP status, when one was received.</param>
/// <param name="Tokens">Real input + output tokens when the upstream reported usage.</param>
/// <param name="RateLimits">What the response headers said about the key's limits.</param>
public sealed record AttemptOutcome(
    OutcomeKind Kind,
    int? Status = null,
    long? Tokens = null,
    TimeSpan? Latency = null,
    TimeSpan? TimeToFirstToken = null,
    RateLimitObservation? RateLimits = null);
