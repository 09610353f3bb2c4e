using Xunit;

namespace RoutingCluster.Entities.Tests;

public sealed class ProviderTransitionsTests
{
    private static readonly DateTimeOffset Start = CredentialDriver.Start;
    private static readonly BreakerOptions Breaker = new(2, 0.5, TimeSpan.FromSeconds(10), 1000, TimeSpan.FromSeconds(30), 1);

    private static ProviderState Settle(ProviderState state, string leaseId, OutcomeKind kind, DateTimeOffset now) =>
        ProviderTransitions.Settle(state, leaseId, new AttemptOutcome(kind, Latency: TimeSpan.FromMilliseconds(100)), Breaker, now).State;

    [Fact]
    public void Admit_Closed_Allowed()
    {
        var (_, refusal) = ProviderTransitions.Admit(ProviderState.Initial, "a", Start + TimeSpan.FromMinutes(1), Breaker, Start);

        Assert.Null(refusal);
    }

    [Fact]
    public void Settle_FailuresFromAnyKey_OpenTheProviderBreaker()
    {
        var state = Settle(ProviderState.Initial, "key-a-attempt", OutcomeKind.ServerError, Start);
        state = Settle(state, "key-b-attempt", OutcomeKind.Timeout, Start);

        var (_, refusal) = ProviderTransitions.Admit(state, "c", Start + TimeSpan.FromMinutes(1), Breaker, Start);

        Assert.Equal(RefusalKind.BreakerOpen, refusal!.Kind);
        Assert.Equal(Start + Breaker.BreakDuration, refusal.RetryAt);
        Assert.Contains("provider", refusal.Detail, StringComparison.Ordinal);
        Assert.Equal(2, state.Health.Samples);
        Assert.Equal((false, (DateTimeOffset?)(Start + Breaker.BreakDuration)), ProviderTransitions.Peek(state, Breaker, Start));
    }

    [Fact]
    public void Cancel_ProbeTakenButNotSent_NextProbeAdmitted()
    {
        var state = Settle(ProviderState.Initial, "a", OutcomeKind.ServerError, Start);
        state = Settle(state, "b", OutcomeKind.ServerError, Start);
        var halfOpen = Start + Breaker.BreakDuration;
        var (probing, first) = ProviderTransitions.Admit(state, "p1", halfOpen + TimeSpan.FromMinutes(1), Breaker, halfOpen);
        Assert.Null(first);
        Assert.NotNull(ProviderTransitions.Admit(probing, "p2", halfOpen + TimeSpan.FromMinutes(1), Breaker, halfOpen).Result);

        var (cancelled, _) = ProviderTransitions.Cancel(probing, "p1");

        Assert.Null(ProviderTransitions.Admit(cancelled, "p2", halfOpen + TimeSpan.FromMinutes(1), Breaker, halfOpen).Result);
    }

    [Fact]
    public void SettleMatters_QuietClosedBreaker_OnlyFailuresMatter()
    {
        var quiet = ProviderState.Initial;

        Assert.False(ProviderTransitions.SettleMatters(quiet, OutcomeKind.Success));
        Assert.False(ProviderTransitions.SettleMatters(quiet, OutcomeKind.RateLimited));
        Assert.True(ProviderTransitions.SettleMatters(quiet, OutcomeKind.ServerError));
        Assert.True(ProviderTransitions.SettleMatters(quiet, OutcomeKind.Timeout));
    }

    [Fact]
    public void SettleMatters_FailureOnRecordOrBreakerNotClosed_SuccessMattersToo()
    {
        var options = BreakerOptions.Default;
        var now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var failed = ProviderTransitions.Settle(ProviderState.Initial, "l1", new AttemptOutcome(OutcomeKind.ServerError), options, now).State;
        var open = failed with { Breaker = failed.Breaker with { Phase = BreakerPhase.Open, OpenUntil = now.AddSeconds(30), ConsecutiveFailures = 0, Samples = [] } };

        Assert.True(ProviderTransitions.SettleMatters(failed, OutcomeKind.Success));
        Assert.True(ProviderTransitions.SettleMatters(open, OutcomeKind.Success));
        Assert.True(ProviderTransitions.SettleMatters(open, OutcomeKind.Cancelled));
    }
}
