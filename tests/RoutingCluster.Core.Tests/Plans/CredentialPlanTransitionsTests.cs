using RoutingCluster.Entities;
using Xunit;

namespace RoutingCluster.Plans.Tests;

/// <summary>The plan-related parts of <see cref="CredentialTransitions"/>: a subscription profile's admission by its plan's figures.</summary>
public sealed class CredentialPlanTransitionsTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 4, 10, 0, 0, TimeSpan.Zero);

    private static readonly DateTimeOffset In2h = Start.AddHours(2);

    private static readonly DateTimeOffset In3d = Start.AddDays(3);

    private static readonly TimeSpan WithoutHint = TimeSpan.FromSeconds(15);

    private static readonly PlanPolicy Thresholds = new([new PlanThreshold("5h", 0.9), new PlanThreshold("7d", 0.95)]);

    private static PlanObservation Plan(params PlanWindowReading[] windows) => new([.. windows]);

    /// <summary>One credential's state driven through the pure transitions, with the clock held by the test.</summary>
    private sealed class Profile(PlanPolicy? plan, int? concurrency = null)
    {
        private int _nextLease;

        public CredentialState State { get; set; } = CredentialState.Initial;

        public CredentialPolicy Policy { get; } = new(new CredentialLimits(concurrency, []), BreakerOptions.Default, "fp-1", plan);

        public DateTimeOffset Now { get; set; } = Start;

        public AcquireResult Acquire()
        {
            var (state, result) = CredentialTransitions.Acquire(State, new AcquireCommand($"lease-{++_nextLease}", 0, TimeSpan.FromMinutes(10), Policy), Now);
            State = state;
            return result;
        }

        public Lease AcquireGranted()
        {
            var result = Acquire();
            Assert.True(result.Granted, $"expected a grant at {Now:O}, got {result.Refusal}");
            return result.Lease!;
        }

        /// <summary>Settles <paramref name="lease"/>, or a lease acquired for the purpose when null.</summary>
        public void Settle(AttemptOutcome outcome, Lease? lease = null)
        {
            lease ??= AcquireGranted();
            var (state, settled) = CredentialTransitions.Settle(State, new SettleCommand(lease.Id, outcome, Policy, new CooldownPolicy(WithoutHint, CooldownPolicy.DefaultMaxLearnedWait)), Now);
            Assert.True(settled);
            State = state;
        }

        public void SettleSuccess(PlanObservation plan) =>
            Settle(new AttemptOutcome(OutcomeKind.Success, 200, Tokens: 10, RateLimits: new RateLimitObservation(Plan: plan)));

        public void SettleRateLimited(PlanObservation plan, Lease? lease = null) =>
            Settle(new AttemptOutcome(OutcomeKind.RateLimited, 429, RateLimits: new RateLimitObservation(Plan: plan)), lease);

        public void ProbeStarted() => State = CredentialTransitions.ProbeStarted(State, Now);

        public void Probed(PlanObservation observed) => State = CredentialTransitions.Probed(State, observed, Now);

        public CredentialView View() => CredentialTransitions.View(State, Policy, 0, Now);
    }

    // ---- admission by the plan's thresholds ----

    [Fact]
    public void View_AfterSettleAboveSwitchAt_RefusesWithPlanThreshold()
    {
        var profile = new Profile(Thresholds);

        profile.SettleSuccess(Plan(new PlanWindowReading("5h", 0.93, In2h)));

        var view = profile.View();
        Assert.False(view.Available);
        Assert.Equal(RefusalKind.PlanThreshold, view.Refusal.Kind);
        Assert.Equal(In2h, view.Refusal.RetryAt);
        Assert.Equal("5h at 93% >= 90%", view.Refusal.Detail);
        Assert.True(view.Refusal.IsRateLimit);
    }

    [Fact]
    public void Settle_PlanObservation_RecordedAsLearnedNotAsKeyLimits()
    {
        var profile = new Profile(Thresholds);
        profile.Now = Start.AddMinutes(3);

        profile.SettleSuccess(Plan(new PlanWindowReading("5h", 0.93, In2h, "allowed_warning")));

        Assert.Equal(new PlanWindowState("5h", 0.93, In2h, "allowed_warning", PlanSource.Learned, Start.AddMinutes(3)), profile.State.Plan?.Window("5h"));
        Assert.True(profile.State.Learned.IsEmpty);
        Assert.Null(profile.State.CooldownUntil);
    }

    [Fact]
    public void Settle_PlanWithKeyHeaders_KeyHeadersLearnedWithoutThePlan()
    {
        var profile = new Profile(Thresholds);
        var plan = Plan(new PlanWindowReading("5h", 0.2, In2h));

        profile.Settle(new AttemptOutcome(OutcomeKind.Success, 200, Tokens: 10,
            RateLimits: new RateLimitObservation(RemainingRequests: 40, LimitRequests: 100, Plan: plan)));

        Assert.Equal(new RateLimitObservation(RemainingRequests: 40, LimitRequests: 100), profile.State.Learned);
        Assert.Equal(0.2, profile.State.Plan?.Window("5h")?.Utilization);
        Assert.Equal(0.4, profile.View().Headroom, 9);
    }

    [Fact]
    public void Acquire_AboveSwitchAt_RefusedWithPlanThresholdAndHoldsNoSlot()
    {
        var profile = new Profile(Thresholds);
        profile.SettleSuccess(Plan(new PlanWindowReading("5h", 0.93, In2h)));

        var refused = profile.Acquire();

        Assert.False(refused.Granted);
        Assert.Equal(RefusalKind.PlanThreshold, refused.Refusal.Kind);
        Assert.Equal(In2h, refused.Refusal.RetryAt);
        Assert.Equal("5h at 93% >= 90%", refused.Refusal.Detail);
        Assert.Empty(profile.State.Leases);
    }

    [Fact]
    public void Acquire_PastTheWindowsReset_GrantedAgain()
    {
        var profile = new Profile(Thresholds);
        profile.SettleSuccess(Plan(new PlanWindowReading("5h", 0.93, In2h)));

        profile.Now = In2h - TimeSpan.FromTicks(1);
        Assert.Equal(RefusalKind.PlanThreshold, profile.Acquire().Refusal?.Kind);

        profile.Now = In2h;
        Assert.True(profile.Acquire().Granted);
        Assert.True(profile.View().Available);
    }

    [Fact]
    public void Acquire_BelowSwitchAt_Granted()
    {
        var profile = new Profile(Thresholds);
        profile.SettleSuccess(Plan(new PlanWindowReading("5h", 0.89, In2h), new PlanWindowReading("7d", 0.94, In3d)));

        Assert.True(profile.Acquire().Granted);
    }

    [Fact]
    public void Acquire_LaterFigureBelowSwitchAt_GrantedAgain()
    {
        var profile = new Profile(Thresholds);
        profile.SettleSuccess(Plan(new PlanWindowReading("5h", 0.93, In2h)));
        Assert.False(profile.View().Available);

        // The heartbeat hears the window was lowered (e.g. the provider corrected its figure).
        profile.Now = Start.AddMinutes(5);
        profile.Probed(Plan(new PlanWindowReading("5h", 0.5, In2h)));

        Assert.True(profile.Acquire().Granted);
    }

    [Fact]
    public void Acquire_PlanPolicyButNothingHeard_Granted()
    {
        var profile = new Profile(Thresholds);

        Assert.True(profile.Acquire().Granted);
        Assert.Null(profile.State.Plan);
        Assert.Equal(1.0, profile.View().Headroom, 9);
    }

    [Fact]
    public void Acquire_OverThresholdAndConcurrencyFull_ThePlanIsTheReason()
    {
        var profile = new Profile(Thresholds, concurrency: 1);
        profile.SettleSuccess(Plan(new PlanWindowReading("7d", 0.96, In3d)));
        profile.State = profile.State with { Leases = [new Lease("held", Start, Start.AddMinutes(10), 0, false)] };

        var refused = profile.Acquire();

        Assert.Equal(RefusalKind.PlanThreshold, refused.Refusal?.Kind);
        Assert.Equal(In3d, refused.Refusal?.RetryAt);
    }

    [Fact]
    public void View_Headroom_TheSmallestOfPlanAndConcurrency()
    {
        var profile = new Profile(Thresholds, concurrency: 4);
        profile.SettleSuccess(Plan(new PlanWindowReading("5h", 0.6, In2h), new PlanWindowReading("overage", 0.99, In3d)));

        Assert.Equal(1 - (0.6 / 0.9), profile.View().Headroom, 9);

        profile.AcquireGranted();
        profile.AcquireGranted();
        profile.AcquireGranted();

        Assert.Equal(0.25, profile.View().Headroom, 9);
    }

    [Fact]
    public void View_WithoutPlanPolicy_IgnoresPlanFigures()
    {
        var profile = new Profile(plan: null);

        profile.SettleSuccess(Plan(new PlanWindowReading("5h", 0.99, In2h), new PlanWindowReading("7d", 1.0, In3d)));

        var view = profile.View();
        Assert.True(view.Available);
        Assert.Equal(1.0, view.Headroom, 9);
        Assert.True(profile.Acquire().Granted);
        Assert.Equal(0.99, profile.State.Plan?.Window("5h")?.Utilization);
    }

    [Fact]
    public void View_WithoutPlanPolicy_IgnoresARejectedWindow()
    {
        var profile = new Profile(plan: null);

        profile.Probed(Plan(new PlanWindowReading("overage", 0, In3d, "rejected")));

        Assert.True(profile.Acquire().Granted);
    }

    [Fact]
    public void Acquire_RejectedWindowWithoutThreshold_RefusedUntilItsReset()
    {
        var profile = new Profile(Thresholds);

        profile.SettleSuccess(Plan(new PlanWindowReading("overage", 0, In2h, "rejected")));

        var refused = profile.Acquire();
        Assert.Equal(RefusalKind.PlanThreshold, refused.Refusal?.Kind);
        Assert.Equal(In2h, refused.Refusal?.RetryAt);
        profile.Now = In2h;
        Assert.True(profile.Acquire().Granted);
    }

    // ---- the plan's own refusal ----

    [Fact]
    public void Settle_RateLimitedLimitReached_CoolsDownUntilTheWindowsReset()
    {
        var profile = new Profile(Thresholds);

        profile.SettleRateLimited(new PlanObservation([new PlanWindowReading("5h", 1.0, In2h, "rejected")], "rejected", In2h, LimitReached: true));

        Assert.Equal(In2h, profile.State.CooldownUntil);
        var refused = profile.Acquire();
        Assert.Equal(RefusalKind.CoolingDown, refused.Refusal?.Kind);
        Assert.Equal(In2h, refused.Refusal?.RetryAt);
        Assert.Contains("the plan's usage limit was reached", refused.Refusal?.Detail, StringComparison.Ordinal);

        profile.Now = In2h - TimeSpan.FromTicks(1);
        Assert.False(profile.View().Available);

        profile.Now = In2h;
        Assert.True(profile.Acquire().Granted);
    }

    [Fact]
    public void Settle_LimitReachedOnAWeeklyWindow_CoolsDownPastTheLearnedWaitCap()
    {
        var profile = new Profile(Thresholds);

        profile.SettleRateLimited(new PlanObservation(
            [new PlanWindowReading("5h", 0.4, In2h), new PlanWindowReading("7d", 1.0, In3d)],
            "rejected",
            In3d,
            LimitReached: true));

        Assert.Equal(In3d, profile.State.CooldownUntil);
        Assert.Equal(RefusalKind.CoolingDown, profile.Acquire().Refusal?.Kind);
    }

    [Fact]
    public void Settle_LimitReachedFromAnErrorBody_CoolsDownUntilThePlansReset()
    {
        var profile = new Profile(Thresholds);

        profile.SettleRateLimited(new PlanObservation([], "rejected", In2h, LimitReached: true));

        Assert.Equal(In2h, profile.State.CooldownUntil);
        Assert.Equal(RefusalKind.CoolingDown, profile.View().Refusal?.Kind);
    }

    [Fact]
    public void Settle_LimitReachedWithoutATime_FallsBackToTheDefaultCooldown()
    {
        var profile = new Profile(Thresholds);

        profile.SettleRateLimited(new PlanObservation([], "rejected", LimitReached: true));

        Assert.Equal(Start + WithoutHint, profile.State.CooldownUntil);
    }

    [Fact]
    public void Settle_LimitReachedFurtherThanTheLongestCooldown_Capped()
    {
        var profile = new Profile(Thresholds);

        profile.SettleRateLimited(new PlanObservation([], "rejected", Start.AddDays(30), LimitReached: true));

        Assert.Equal(Start + PlanTransitions.LongestCooldown, profile.State.CooldownUntil);
    }

    [Fact]
    public void Settle_EarlierPlanResetAfterALongerCooldown_KeepsTheLonger()
    {
        var profile = new Profile(Thresholds);
        var first = profile.AcquireGranted();
        var second = profile.AcquireGranted();
        profile.SettleRateLimited(new PlanObservation([new PlanWindowReading("7d", 1.0, In3d)], LimitReached: true), first);

        profile.SettleRateLimited(new PlanObservation([new PlanWindowReading("5h", 1.0, In2h)], LimitReached: true), second);

        Assert.Equal(In3d, profile.State.CooldownUntil);
    }

    [Fact]
    public void Settle_SuccessWithoutLimitReached_NoCooldownEvenWhenFull()
    {
        var profile = new Profile(Thresholds);

        profile.SettleSuccess(Plan(new PlanWindowReading("5h", 1.0, In2h)));

        Assert.Null(profile.State.CooldownUntil);
        Assert.Equal(RefusalKind.PlanThreshold, profile.View().Refusal?.Kind);
    }

    [Fact]
    public void Settle_CodexHeadersNamingOneWindowTwice_DoesNotThrow()
    {
        var profile = new Profile(Thresholds);
        profile.SettleSuccess(Plan(new PlanWindowReading("5h", 0.2, In2h)));
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["x-codex-primary-used-percent"] = "30",
            ["x-codex-primary-window-minutes"] = "300",
            ["x-codex-secondary-used-percent"] = "40",
            ["x-codex-secondary-window-minutes"] = "300",
        };
        var plan = PlanHeaders.Parse(name => headers.GetValueOrDefault(name), [], profile.Now).Observation;
        Assert.NotNull(plan);

        var thrown = Record.Exception(() => profile.SettleSuccess(plan));

        Assert.Null(thrown);
        Assert.Single(profile.State.Plan!.Windows, w => w.Name == "5h");
    }

    // ---- the heartbeat ----

    [Fact]
    public void Probed_RecordsHeartbeatSource()
    {
        var profile = new Profile(Thresholds);
        profile.Now = Start.AddMinutes(7);

        profile.Probed(Plan(new PlanWindowReading("5h", 0.3, In2h), new PlanWindowReading("7d", 0.2, In3d)));

        Assert.Equal(new PlanWindowState("5h", 0.3, In2h, null, PlanSource.Heartbeat, Start.AddMinutes(7)), profile.State.Plan?.Window("5h"));
        Assert.Equal(PlanSource.Heartbeat, profile.State.Plan?.Window("7d")?.Source);
        Assert.Equal(Start.AddMinutes(7), profile.State.Plan?.LastFigureAt);
    }

    [Fact]
    public void Probed_ThenSettled_SourceBecomesLearned()
    {
        var profile = new Profile(Thresholds);
        profile.Probed(Plan(new PlanWindowReading("5h", 0.3, In2h)));
        profile.Now = Start.AddMinutes(1);

        profile.SettleSuccess(Plan(new PlanWindowReading("5h", 0.31, In2h)));

        Assert.Equal(PlanSource.Learned, profile.State.Plan?.Window("5h")?.Source);
        Assert.Equal(Start.AddMinutes(1), profile.State.Plan?.Window("5h")?.ObservedAt);
    }

    [Fact]
    public void Probed_AboveSwitchAt_Refuses()
    {
        var profile = new Profile(Thresholds);

        profile.Probed(Plan(new PlanWindowReading("7d", 0.96, In3d)));

        var refused = profile.Acquire();
        Assert.Equal(RefusalKind.PlanThreshold, refused.Refusal?.Kind);
        Assert.Equal("7d at 96% >= 95%", refused.Refusal?.Detail);
        Assert.Equal(In3d, refused.Refusal?.RetryAt);
    }

    [Fact]
    public void Probed_LimitReached_CoolsDownUntilThePlansReset()
    {
        var profile = new Profile(Thresholds);

        profile.Probed(new PlanObservation([], "rejected", In2h, LimitReached: true));

        Assert.Equal(In2h, profile.State.CooldownUntil);
        Assert.Equal(RefusalKind.CoolingDown, profile.Acquire().Refusal?.Kind);
        Assert.Equal("rejected", profile.State.Plan?.Status);
        Assert.Equal(In2h, profile.State.Plan?.StatusResetAt);
    }

    [Fact]
    public void Probed_DoesNotTouchLeasesOrLearnedKeyLimits()
    {
        var profile = new Profile(Thresholds);
        profile.AcquireGranted();
        var before = profile.State;

        profile.Probed(Plan(new PlanWindowReading("5h", 0.1, In2h)));

        Assert.Equal(before.Leases, profile.State.Leases);
        Assert.Equal(before.Learned, profile.State.Learned);
        Assert.Equal(before.Breaker, profile.State.Breaker);
        Assert.Equal(before.Health, profile.State.Health);
    }

    [Fact]
    public void ProbeStarted_FromNothing_RecordsTheProbeOnly()
    {
        var profile = new Profile(Thresholds);
        profile.Now = Start.AddMinutes(2);

        profile.ProbeStarted();

        var plan = profile.State.Plan;
        Assert.NotNull(plan);
        Assert.Equal(Start.AddMinutes(2), plan.LastProbeAt);
        Assert.Empty(plan.Windows);
        Assert.Null(plan.LastFigureAt);
        Assert.True(profile.Acquire().Granted);
    }

    [Fact]
    public void ProbeStarted_KeepsTheFiguresAndProbedKeepsTheProbeTime()
    {
        var profile = new Profile(Thresholds);
        profile.SettleSuccess(Plan(new PlanWindowReading("5h", 0.5, In2h)));
        profile.Now = Start.AddMinutes(10);

        profile.ProbeStarted();

        Assert.Equal(Start.AddMinutes(10), profile.State.Plan?.LastProbeAt);
        Assert.Equal(0.5, profile.State.Plan?.Window("5h")?.Utilization);

        profile.Now = Start.AddMinutes(11);
        profile.Probed(Plan(new PlanWindowReading("5h", 0.55, In2h)));

        Assert.Equal(Start.AddMinutes(10), profile.State.Plan?.LastProbeAt);
        Assert.Equal(Start.AddMinutes(11), profile.State.Plan?.LastFigureAt);

        profile.Now = Start.AddMinutes(20);
        profile.ProbeStarted();

        Assert.Equal(Start.AddMinutes(20), profile.State.Plan?.LastProbeAt);
    }
}
