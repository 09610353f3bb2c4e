namespace RoutingCluster.Entities;

/// <summary>
/// Runtime state of one provider: a breaker over failures that speak for the whole upstream
/// (5xx, connect errors, timeouts, broken streams) whichever key saw them, and its health.
/// </summary>
public sealed record ProviderState(long Version, BreakerState Breaker, HealthState Health) : IEntityState<ProviderState>
{
    public static ProviderState Initial { get; } = new(0, BreakerState.Closed, HealthState.Unknown);

    public ProviderState WithVersion(long version) => this with { Version = version };
}

/// <summary>The pure transitions of a provider entity.</summary>
public static class ProviderTransitions
{
    /// <summary>Asks the provider's breaker to let one attempt through (taking a probe slot when half-open).</summary>
    public static Transition<ProviderState, Refusal?> Admit(ProviderState state, string leaseId, DateTimeOffset leaseExpiry, BreakerOptions options, DateTimeOffset now)
    {
        var (breaker, admission, retryAt) = BreakerController.Admit(state.Breaker, leaseId, leaseExpiry, options, now);
        var refusal = admission == BreakerAdmission.Refused
            ? new Refusal(RefusalKind.BreakerOpen, retryAt, retryAt is { } at ? $"provider breaker open until {at:HH:mm:ss}" : "provider breaker half-open, probe in flight")
            : null;
        return new(state with { Breaker = breaker }, refusal);
    }

    /// <summary>Returns a probe slot taken by <see cref="Admit"/> when the attempt did not go out.</summary>
    public static Transition<ProviderState, bool> Cancel(ProviderState state, string leaseId) =>
        new(state with { Breaker = BreakerController.Cancel(state.Breaker, leaseId) }, true);

    public static Transition<ProviderState, bool> Settle(ProviderState state, string leaseId, AttemptOutcome outcome, BreakerOptions options, DateTimeOffset now) =>
        new(state with
        {
            Breaker = BreakerController.Record(state.Breaker, leaseId, outcome.Kind, options, now),
            Health = state.Health.Record(outcome),
        }, true);

    public static (bool Available, DateTimeOffset? RetryAt) Peek(ProviderState state, BreakerOptions options, DateTimeOffset now) =>
        BreakerController.Peek(state.Breaker, options, now);
}
