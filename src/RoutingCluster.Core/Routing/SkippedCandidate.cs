using RoutingCluster.Entities;

namespace RoutingCluster.Routing;

/// <summary>A candidate that was not tried, and why.</summary>
/// <param name="FromView">True when the node's fleet view decided (not the grain): the grain may still be asked.</param>
public sealed record SkippedCandidate(Candidate Candidate, SkipReason Reason, string Detail, DateTimeOffset? RetryAt, bool FromView = false)
{
    /// <summary>Skips that end by themselves with time (answered with 429 and a retry-after); a budget ends at its period's reset.</summary>
    public bool IsRateLimit => Reason is SkipReason.CoolingDown or SkipReason.ConcurrencyFull or SkipReason.WindowExhausted or SkipReason.BudgetExceeded or SkipReason.PlanThreshold;

    /// <summary>What the node's fleet view says of a candidate, before any grain is asked.</summary>
    public static SkippedCandidate FromViewOf(Candidate candidate, Refusal refusal) => From(candidate, refusal) with { FromView = true };

    public static SkippedCandidate From(Candidate candidate, Refusal refusal, bool provider = false) =>
        new(candidate, provider ? SkipReason.ProviderBreakerOpen : refusal.Kind switch
        {
            RefusalKind.Disabled => SkipReason.Disabled,
            RefusalKind.CoolingDown => SkipReason.CoolingDown,
            RefusalKind.BreakerOpen => SkipReason.BreakerOpen,
            RefusalKind.ConcurrencyFull => SkipReason.ConcurrencyFull,
            RefusalKind.TooLargeForWindow => SkipReason.TooLargeForWindow,
            RefusalKind.Unavailable => SkipReason.Unavailable,
            RefusalKind.PlanThreshold => SkipReason.PlanThreshold,
            _ => SkipReason.WindowExhausted,
        }, refusal.Detail, refusal.RetryAt);
}
