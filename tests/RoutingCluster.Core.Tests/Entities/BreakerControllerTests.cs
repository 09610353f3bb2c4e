using Xunit;

namespace RoutingCluster.Entities.Tests;

public sealed class BreakerControllerTests
{
    private static readonly DateTimeOffset Start = CredentialDriver.Start;

    // Ratio tripping is out of the way unless a test lowers MinimumThroughput.
    private static readonly BreakerOptions Options = new(
        ConsecutiveFailures: 3,
        FailureRatio: 0.5,
        SamplingWindow: TimeSpan.FromSeconds(10),
        MinimumThroughput: 1000,
        BreakDuration: TimeSpan.FromSeconds(30),
        HalfOpenProbes: 2);

    private static BreakerState RecordAll(BreakerState state, BreakerOptions options, DateTimeOffset now, params OutcomeKind[] outcomes)
    {
        var i = 0;
        foreach (var outcome in outcomes)
        {
            state = BreakerController.Record(state, $"attempt-{i++}", outcome, options, now);
        }

        return state;
    }

    private static BreakerState Opened(BreakerOptions options) =>
        RecordAll(BreakerState.Closed, options, Start, Enumerable.Repeat(OutcomeKind.ServerError, options.ConsecutiveFailures).ToArray());

    [Fact]
    public void Record_ConsecutiveFailuresBelowThreshold_StaysClosed()
    {
        var state = RecordAll(BreakerState.Closed, Options, Start, OutcomeKind.ServerError, OutcomeKind.Timeout);

        Assert.Equal(BreakerPhase.Closed, state.Phase);
        Assert.Equal(2, state.ConsecutiveFailures);
        Assert.Equal(BreakerAdmission.Allowed, BreakerController.Admit(state, "x", Start, Options, Start).Admission);
    }

    [Fact]
    public void Record_ConsecutiveFailuresReachThreshold_Opens()
    {
        var state = RecordAll(BreakerState.Closed, Options, Start, OutcomeKind.ServerError, OutcomeKind.ConnectError, OutcomeKind.StreamBroken);

        Assert.Equal(BreakerPhase.Open, state.Phase);
        Assert.Equal(Start + Options.BreakDuration, state.OpenUntil);
        var (_, admission, retryAt) = BreakerController.Admit(state, "x", Start + TimeSpan.FromHours(1), Options, Start);
        Assert.Equal(BreakerAdmission.Refused, admission);
        Assert.Equal(Start + Options.BreakDuration, retryAt);
    }

    [Fact]
    public void Record_SuccessBetweenFailures_ResetsTheRun()
    {
        var state = RecordAll(BreakerState.Closed, Options, Start,
            OutcomeKind.ServerError, OutcomeKind.ServerError, OutcomeKind.Success, OutcomeKind.ServerError, OutcomeKind.ServerError);

        Assert.Equal(BreakerPhase.Closed, state.Phase);
        Assert.Equal(2, state.ConsecutiveFailures);
    }

    [Theory]
    [InlineData(OutcomeKind.RateLimited)]
    [InlineData(OutcomeKind.ClientError)]
    [InlineData(OutcomeKind.Cancelled)]
    [InlineData(OutcomeKind.AuthFailed)]
    public void Record_OutcomeNotAboutUpstreamHealth_NeitherCountsNorResets(OutcomeKind kind)
    {
        var state = RecordAll(BreakerState.Closed, Options, Start, OutcomeKind.ServerError, OutcomeKind.ServerError);

        state = RecordAll(state, Options, Start, Enumerable.Repeat(kind, 10).ToArray());

        Assert.Equal(BreakerPhase.Closed, state.Phase);
        Assert.Equal(2, state.ConsecutiveFailures);
        Assert.Equal(2, state.Samples.Sum(b => b.Failures + b.Successes));
    }

    [Fact]
    public void Record_FailureRatioReachedBeforeMinimumThroughput_StaysClosed()
    {
        var options = Options with { ConsecutiveFailures = 100, MinimumThroughput = 6 };

        // 3 failures out of 5 is over the ratio, but 5 attempts are below the minimum throughput.
        var state = RecordAll(BreakerState.Closed, options, Start,
            OutcomeKind.ServerError, OutcomeKind.Success, OutcomeKind.ServerError, OutcomeKind.Success, OutcomeKind.ServerError);

        Assert.Equal(BreakerPhase.Closed, state.Phase);
    }

    [Fact]
    public void Record_FailureRatioReachedAtMinimumThroughput_Opens()
    {
        var options = Options with { ConsecutiveFailures = 100, MinimumThroughput = 6 };
        var state = RecordAll(BreakerState.Closed, options, Start,
            OutcomeKind.ServerError, OutcomeKind.Success, OutcomeKind.ServerError, OutcomeKind.Success, OutcomeKind.ServerError);

        // The sixth attempt makes 3 failures of 6: exactly the ratio, with enough throughput.
        state = BreakerController.Record(state, "sixth", OutcomeKind.Success, options, Start + TimeSpan.FromSeconds(1));

        Assert.Equal(BreakerPhase.Open, state.Phase);
        Assert.Equal(Start + TimeSpan.FromSeconds(31), state.OpenUntil);
    }

    [Fact]
    public void Record_RatioBelowThresholdAtThroughput_StaysClosed()
    {
        var options = Options with { ConsecutiveFailures = 100, MinimumThroughput = 6 };

        var state = RecordAll(BreakerState.Closed, options, Start,
            OutcomeKind.ServerError, OutcomeKind.Success, OutcomeKind.ServerError, OutcomeKind.Success, OutcomeKind.Success, OutcomeKind.Success);

        Assert.Equal(BreakerPhase.Closed, state.Phase);
    }

    [Fact]
    public void Record_FailuresOlderThanSamplingWindow_NoLongerCount()
    {
        var options = Options with { ConsecutiveFailures = 100, MinimumThroughput = 6 };
        var state = RecordAll(BreakerState.Closed, options, Start,
            OutcomeKind.ServerError, OutcomeKind.ServerError, OutcomeKind.ServerError, OutcomeKind.ServerError, OutcomeKind.ServerError);

        // 20s later, with a 10s window: 5 successes and 1 failure are all that is left (1/6).
        var later = Start + TimeSpan.FromSeconds(20);
        state = RecordAll(state, options, later,
            OutcomeKind.Success, OutcomeKind.Success, OutcomeKind.Success, OutcomeKind.Success, OutcomeKind.Success, OutcomeKind.ServerError);

        Assert.Equal(BreakerPhase.Closed, state.Phase);
        Assert.Equal(6, state.Samples.Sum(b => b.Failures + b.Successes));
    }

    [Fact]
    public void Peek_OpenUntilBreakEnds_ThenHalfOpenAvailable()
    {
        var state = Opened(Options);
        var openUntil = Start + Options.BreakDuration;

        Assert.Equal((false, (DateTimeOffset?)openUntil), BreakerController.Peek(state, Options, openUntil - TimeSpan.FromTicks(1)));
        Assert.Equal(BreakerPhase.HalfOpen, state.PhaseAt(openUntil));
        Assert.Equal((true, (DateTimeOffset?)null), BreakerController.Peek(state, Options, openUntil));
    }

    [Fact]
    public void Admit_HalfOpen_AdmitsExactlyTheProbeCount()
    {
        var state = Opened(Options);
        var now = Start + Options.BreakDuration;

        var (afterFirst, first, _) = BreakerController.Admit(state, "p1", now + TimeSpan.FromSeconds(20), Options, now);
        var (afterSecond, second, _) = BreakerController.Admit(afterFirst, "p2", now + TimeSpan.FromSeconds(10), Options, now);
        var (afterThird, third, retryAt) = BreakerController.Admit(afterSecond, "p3", now + TimeSpan.FromSeconds(30), Options, now);

        Assert.Equal(BreakerAdmission.Probe, first);
        Assert.Equal(BreakerAdmission.Probe, second);
        Assert.Equal(BreakerAdmission.Refused, third);
        Assert.Equal(now + TimeSpan.FromSeconds(10), retryAt);
        Assert.Equal(["p1", "p2"], afterThird.Probes.Select(p => p.LeaseId));
        Assert.False(BreakerController.Peek(afterThird, Options, now).Available);
    }

    [Fact]
    public void Record_ProbeSucceeds_Closes()
    {
        var now = Start + Options.BreakDuration;
        var (probing, _, _) = BreakerController.Admit(Opened(Options), "p1", now + TimeSpan.FromSeconds(10), Options, now);

        var state = BreakerController.Record(probing, "p1", OutcomeKind.Success, Options, now + TimeSpan.FromSeconds(1));

        Assert.Equal(BreakerPhase.Closed, state.Phase);
        Assert.Empty(state.Probes);
        Assert.Equal(0, state.ConsecutiveFailures);
        Assert.Equal(BreakerAdmission.Allowed, BreakerController.Admit(state, "next", now + TimeSpan.FromMinutes(1), Options, now + TimeSpan.FromSeconds(1)).Admission);
    }

    [Fact]
    public void Record_ProbeFails_ReopensForAnotherBreak()
    {
        var now = Start + Options.BreakDuration;
        var (probing, _, _) = BreakerController.Admit(Opened(Options), "p1", now + TimeSpan.FromSeconds(10), Options, now);
        var failedAt = now + TimeSpan.FromSeconds(2);

        var state = BreakerController.Record(probing, "p1", OutcomeKind.Timeout, Options, failedAt);

        Assert.Equal(BreakerPhase.Open, state.Phase);
        Assert.Equal(failedAt + Options.BreakDuration, state.OpenUntil);
        Assert.Equal(BreakerAdmission.Refused, BreakerController.Admit(state, "p2", failedAt + TimeSpan.FromMinutes(1), Options, failedAt).Admission);
    }

    [Fact]
    public void Record_ProbeRateLimited_FreesSlotWithoutDeciding()
    {
        var options = Options with { HalfOpenProbes = 1 };
        var now = Start + options.BreakDuration;
        var (probing, _, _) = BreakerController.Admit(Opened(options), "p1", now + TimeSpan.FromSeconds(10), options, now);

        var state = BreakerController.Record(probing, "p1", OutcomeKind.RateLimited, options, now);

        Assert.Equal(BreakerPhase.HalfOpen, state.PhaseAt(now));
        Assert.Empty(state.Probes);
        Assert.Equal(BreakerAdmission.Probe, BreakerController.Admit(state, "p2", now + TimeSpan.FromSeconds(10), options, now).Admission);
    }

    [Fact]
    public void Admit_ProbeLeaseExpired_FreesItsSlot()
    {
        var options = Options with { HalfOpenProbes = 1 };
        var now = Start + options.BreakDuration;
        var expiry = now + TimeSpan.FromSeconds(10);
        var (probing, _, _) = BreakerController.Admit(Opened(options), "lost", expiry, options, now);

        Assert.Equal(BreakerAdmission.Refused, BreakerController.Admit(probing, "p2", expiry + TimeSpan.FromSeconds(10), options, expiry - TimeSpan.FromTicks(1)).Admission);
        var (after, admission, _) = BreakerController.Admit(probing, "p2", expiry + TimeSpan.FromSeconds(10), options, expiry);

        Assert.Equal(BreakerAdmission.Probe, admission);
        Assert.Equal(["p2"], after.Probes.Select(p => p.LeaseId));
    }

    [Fact]
    public void Cancel_ProbeNotSent_FreesItsSlot()
    {
        var options = Options with { HalfOpenProbes = 1 };
        var now = Start + options.BreakDuration;
        var (probing, _, _) = BreakerController.Admit(Opened(options), "p1", now + TimeSpan.FromSeconds(10), options, now);

        var state = BreakerController.Cancel(probing, "p1");

        Assert.Equal(BreakerAdmission.Probe, BreakerController.Admit(state, "p2", now + TimeSpan.FromSeconds(10), options, now).Admission);
    }

    [Fact]
    public void Record_LateResultWhileOpen_ChangesNothing()
    {
        var state = Opened(Options);
        var during = Start + TimeSpan.FromSeconds(5);

        var after = BreakerController.Record(state, "admitted-before-open", OutcomeKind.ServerError, Options, during);

        Assert.Equal(BreakerPhase.Open, after.Phase);
        Assert.Equal(state.OpenUntil, after.OpenUntil);
    }
}
