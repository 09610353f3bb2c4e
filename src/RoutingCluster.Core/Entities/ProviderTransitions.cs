namespace RoutingCluster.Entities;

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

    /// <summary>
    /// Whether settling an attempt on the provider would change anything that routing reads. A
    /// success on a provider whose breaker is closed with no failure on record changes only its
    /// health averages, so it is skipped: every request would otherwise write the provider's row,
    /// which all of its credentials share, making it the cluster's hottest row. Provider health is
    /// therefore updated by failures and by attempts while the breaker is recovering; per-key
    /// latency lives in the credential entities, which every attempt settles.
    /// </summary>
    public static bool SettleMatters(ProviderState snapshot, OutcomeKind outcome)
    {
        var breaker = snapshot.Breaker;
        var quiet = breaker.Phase == BreakerPhase.Closed && breaker.ConsecutiveFailures == 0
            && breaker.Probes.IsEmpty && breaker.Samples.All(b => b.Failures == 0);
        return outcome.CountsAsFailure() || !quiet;
    }

    public static (bool Available, DateTimeOffset? RetryAt) Peek(ProviderState state, BreakerOptions options, DateTimeOffset now) =>
        BreakerController.Peek(state.Breaker, options, now);
}
