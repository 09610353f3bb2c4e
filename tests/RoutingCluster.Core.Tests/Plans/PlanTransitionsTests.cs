using RoutingCluster.Entities;
using Xunit;

namespace RoutingCluster.Plans.Tests;

public sealed class PlanTransitionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 4, 10, 0, 0, TimeSpan.Zero);

    private static readonly DateTimeOffset In2h = Now.AddHours(2);

    private static readonly DateTimeOffset In3d = Now.AddDays(3);

    private static readonly PlanPolicy Policy = new([new PlanThreshold("5h", 0.9), new PlanThreshold("7d", 0.95)]);

    private static PlanObservation Observe(params PlanWindowReading[] windows) => new([.. windows]);

    private static PlanState Learned(params PlanWindowReading[] windows) =>
        PlanTransitions.Learn(PlanState.Empty, Observe(windows), PlanSource.Learned, Now);

    // ---- Learn ----

    [Fact]
    public void Learn_IntoEmpty_RecordsEachWindowWithSourceAndTime()
    {
        var state = PlanTransitions.Learn(
            PlanState.Empty,
            Observe(new PlanWindowReading("5h", 0.93, In2h, "allowed_warning"), new PlanWindowReading("7d", 0.4, In3d)),
            PlanSource.Learned,
            Now);

        Assert.Equal<PlanWindowState>(
            [
                new PlanWindowState("5h", 0.93, In2h, "allowed_warning", PlanSource.Learned, Now),
                new PlanWindowState("7d", 0.4, In3d, null, PlanSource.Learned, Now),
            ],
            state.Windows);
        Assert.Null(state.Status);
        Assert.Null(state.StatusResetAt);
        Assert.Null(state.Claim);
        Assert.Null(state.LastProbeAt);
    }

    [Fact]
    public void Learn_HeartbeatSource_Recorded()
    {
        var state = PlanTransitions.Learn(PlanState.Empty, Observe(new PlanWindowReading("5h", 0.2, In2h)), PlanSource.Heartbeat, Now);

        Assert.Equal(PlanSource.Heartbeat, state.Window("5h")!.Source);
    }

    [Fact]
    public void Learn_NewUtilization_ReplacesTheWindowInPlace()
    {
        var first = Learned(new PlanWindowReading("5h", 0.2, In2h), new PlanWindowReading("7d", 0.1, In3d));
        var later = Now.AddMinutes(10);

        var state = PlanTransitions.Learn(first, Observe(new PlanWindowReading("5h", 0.35, In2h)), PlanSource.Heartbeat, later);

        Assert.Equal(["5h", "7d"], state.Windows.Select(w => w.Name));
        Assert.Equal(new PlanWindowState("5h", 0.35, In2h, null, PlanSource.Heartbeat, later), state.Window("5h"));
        Assert.Equal(new PlanWindowState("7d", 0.1, In3d, null, PlanSource.Learned, Now), state.Window("7d"));
    }

    [Fact]
    public void Learn_ReadingWithoutUtilization_KeepsThePreviousWhileItHolds()
    {
        var first = Learned(new PlanWindowReading("5h", 0.6, In2h, "allowed"));
        var later = Now.AddMinutes(30);

        var state = PlanTransitions.Learn(first, Observe(new PlanWindowReading("5h", Status: "allowed_warning")), PlanSource.Learned, later);

        Assert.Equal(new PlanWindowState("5h", 0.6, In2h, "allowed_warning", PlanSource.Learned, later), state.Window("5h"));
    }

    [Fact]
    public void Learn_ReadingWithOnlyANewReset_KeepsUtilizationAndStatusWhileTheyHold()
    {
        var first = Learned(new PlanWindowReading("5h", 0.6, In2h, "allowed"));
        var later = Now.AddMinutes(30);
        var moved = In2h.AddMinutes(5);

        var state = PlanTransitions.Learn(first, Observe(new PlanWindowReading("5h", ResetAt: moved)), PlanSource.Learned, later);

        Assert.Equal(new PlanWindowState("5h", 0.6, moved, "allowed", PlanSource.Learned, later), state.Window("5h"));
    }

    [Fact]
    public void Learn_ReadingWithoutUtilizationPastTheReset_StartsFromZero()
    {
        var first = Learned(new PlanWindowReading("5h", 0.95, In2h, "rejected"));
        var after = In2h.AddMinutes(1);
        var next = after.AddHours(5);

        var state = PlanTransitions.Learn(first, Observe(new PlanWindowReading("5h", ResetAt: next)), PlanSource.Learned, after);

        Assert.Equal(new PlanWindowState("5h", 0, next, null, PlanSource.Learned, after), state.Window("5h"));
    }

    [Fact]
    public void Learn_ReadingWithOnlyAStatusAtTheReset_ForgetsTheOldResetAndUtilization()
    {
        var first = Learned(new PlanWindowReading("5h", 0.95, In2h));

        var state = PlanTransitions.Learn(first, Observe(new PlanWindowReading("5h", Status: "allowed")), PlanSource.Learned, In2h);

        Assert.Equal(new PlanWindowState("5h", 0, null, "allowed", PlanSource.Learned, In2h), state.Window("5h"));
    }

    [Fact]
    public void Learn_WindowsNotMentioned_StayAsTheyWere()
    {
        var first = Learned(new PlanWindowReading("5h", 0.2, In2h), new PlanWindowReading("7d", 0.1, In3d));
        var later = Now.AddMinutes(1);

        var state = PlanTransitions.Learn(first, Observe(new PlanWindowReading("overage", 0, In3d, "rejected")), PlanSource.Heartbeat, later);

        Assert.Equal(["5h", "7d", "overage"], state.Windows.Select(w => w.Name));
        Assert.Equal(first.Window("5h"), state.Window("5h"));
        Assert.Equal(first.Window("7d"), state.Window("7d"));
        Assert.Equal(new PlanWindowState("overage", 0, In3d, "rejected", PlanSource.Heartbeat, later), state.Window("overage"));
    }

    [Fact]
    public void Learn_StatusResetAndClaim_RecordedAndKeptWhenNotSaid()
    {
        var first = PlanTransitions.Learn(
            PlanState.Empty,
            new PlanObservation([], Status: "allowed_warning", ResetAt: In2h, Claim: "five_hour"),
            PlanSource.Learned,
            Now);

        Assert.Equal("allowed_warning", first.Status);
        Assert.Equal(In2h, first.StatusResetAt);
        Assert.Equal("five_hour", first.Claim);

        var silent = PlanTransitions.Learn(first, Observe(new PlanWindowReading("5h", 0.5, In2h)), PlanSource.Learned, Now.AddMinutes(1));

        Assert.Equal("allowed_warning", silent.Status);
        Assert.Equal(In2h, silent.StatusResetAt);
        Assert.Equal("five_hour", silent.Claim);

        var changed = PlanTransitions.Learn(silent, new PlanObservation([], Status: "allowed", Claim: "seven_day"), PlanSource.Learned, Now.AddMinutes(2));

        Assert.Equal("allowed", changed.Status);
        Assert.Null(changed.StatusResetAt);
        Assert.Equal("seven_day", changed.Claim);
    }

    [Fact]
    public void Learn_KeepsTheLastProbe()
    {
        var probed = PlanState.Empty with { LastProbeAt = Now.AddMinutes(-3) };

        var state = PlanTransitions.Learn(probed, Observe(new PlanWindowReading("5h", 0.1, In2h)), PlanSource.Heartbeat, Now);

        Assert.Equal(Now.AddMinutes(-3), state.LastProbeAt);
    }

    [Fact]
    public void Learn_DefaultWindows_KeepsTheState()
    {
        var first = Learned(new PlanWindowReading("5h", 0.2, In2h));

        var state = PlanTransitions.Learn(first, new PlanObservation(default, Status: "allowed"), PlanSource.Learned, Now);

        Assert.Equal(first.Windows, state.Windows);
        Assert.Equal("allowed", state.Status);
    }

    [Fact]
    public void Learn_OneWindowReadTwiceInOneObservation_KeepsOneWindow()
    {
        // E.g. Codex headers whose primary and secondary both say window-minutes 300, or a config
        // mapping that names its window "5h" on an upstream that also sends Anthropic's headers.
        var observed = Observe(new PlanWindowReading("5h", 0.3, In2h), new PlanWindowReading("5h", 0.4, In2h));

        var state = PlanTransitions.Learn(PlanState.Empty, observed, PlanSource.Learned, Now);

        Assert.Single(state.Windows, w => w.Name == "5h");
    }

    [Fact]
    public void Learn_KnownWindowReadTwiceInOneObservation_DoesNotThrow()
    {
        var first = Learned(new PlanWindowReading("5h", 0.2, In2h));
        var observed = Observe(new PlanWindowReading("5h", 0.3, In2h), new PlanWindowReading("5h", 0.4, In2h));

        var thrown = Record.Exception(() => PlanTransitions.Learn(first, observed, PlanSource.Learned, Now.AddMinutes(1)));

        Assert.Null(thrown);
    }

    [Fact]
    public void Learn_NullArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => PlanTransitions.Learn(null!, Observe(), PlanSource.Learned, Now));
        Assert.Throws<ArgumentNullException>(() => PlanTransitions.Learn(PlanState.Empty, null!, PlanSource.Learned, Now));
    }

    // ---- Check ----

    [Fact]
    public void Check_AboveSwitchAt_RefusesUntilTheWindowsReset()
    {
        var state = Learned(new PlanWindowReading("5h", 0.93, In2h));

        var refusal = PlanTransitions.Check(state, Policy, Now);

        Assert.NotNull(refusal);
        Assert.Equal(RefusalKind.PlanThreshold, refusal.Kind);
        Assert.Equal(In2h, refusal.RetryAt);
        Assert.Equal("5h at 93% >= 90%", refusal.Detail);
        Assert.True(refusal.IsRateLimit);
    }

    [Fact]
    public void Check_ExactlyAtSwitchAt_Refuses()
    {
        var state = Learned(new PlanWindowReading("5h", 0.9, In2h));

        Assert.Equal("5h at 90% >= 90%", PlanTransitions.Check(state, Policy, Now)?.Detail);
    }

    [Fact]
    public void Check_FractionalPercent_ShownWithOneDecimal()
    {
        var state = Learned(new PlanWindowReading("7d", 0.975, In3d));

        var refusal = PlanTransitions.Check(state, Policy, Now);

        Assert.Equal("7d at 97.5% >= 95%", refusal?.Detail);
        Assert.Equal(In3d, refusal?.RetryAt);
    }

    [Fact]
    public void Check_TwoWindowsOverTheirThresholds_NamesTheOneThatHoldsLongest()
    {
        var state = Learned(new PlanWindowReading("5h", 0.95, In2h), new PlanWindowReading("7d", 0.97, In3d));

        var refusal = PlanTransitions.Check(state, Policy, Now);

        Assert.Equal(("7d at 97% >= 95%", In3d), (refusal?.Detail, refusal?.RetryAt));
        Assert.Equal(("7d at 97% >= 95%", In3d), (PlanTransitions.Check(state, Policy, In2h)?.Detail, PlanTransitions.Check(state, Policy, In2h)?.RetryAt));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(0.89)]
    [InlineData(0.8999)]
    public void Check_BelowSwitchAt_Null(double utilization)
    {
        var state = Learned(new PlanWindowReading("5h", utilization, In2h));

        Assert.Null(PlanTransitions.Check(state, Policy, Now));
    }

    [Fact]
    public void Check_JustBeforeTheReset_StillRefuses()
    {
        var state = Learned(new PlanWindowReading("5h", 0.93, In2h));

        Assert.NotNull(PlanTransitions.Check(state, Policy, In2h - TimeSpan.FromTicks(1)));
    }

    [Fact]
    public void Check_AtAndAfterTheReset_Null()
    {
        var state = Learned(new PlanWindowReading("5h", 1.0, In2h));

        Assert.Null(PlanTransitions.Check(state, Policy, In2h));
        Assert.Null(PlanTransitions.Check(state, Policy, In2h.AddMinutes(1)));
    }

    [Fact]
    public void Check_WindowWithoutThreshold_NotRefusedEvenWhenFull()
    {
        var state = Learned(new PlanWindowReading("overage", 1.0, In3d, "allowed"));

        Assert.Null(PlanTransitions.Check(state, Policy, Now));
    }

    [Fact]
    public void Check_WindowWithoutThresholdRejected_RefusesUntilItsReset()
    {
        var reset = Now.AddHours(2).AddMinutes(5).AddSeconds(7);
        var state = Learned(new PlanWindowReading("overage", 0, reset, "rejected"));

        var refusal = PlanTransitions.Check(state, Policy, Now);

        Assert.NotNull(refusal);
        Assert.Equal(RefusalKind.PlanThreshold, refusal.Kind);
        Assert.Equal(reset, refusal.RetryAt);
        Assert.Equal("overage rejected by the plan until 12:05:07", refusal.Detail);
    }

    [Fact]
    public void Check_RejectedWindowPastItsReset_Null()
    {
        var state = Learned(new PlanWindowReading("overage", 0, In2h, "rejected"));

        Assert.Null(PlanTransitions.Check(state, Policy, In2h));
    }

    [Fact]
    public void Check_RejectedWithEmptyPolicy_StillRefuses()
    {
        var state = Learned(new PlanWindowReading("5h", 0.1, In2h, "rejected"));

        Assert.Equal(RefusalKind.PlanThreshold, PlanTransitions.Check(state, new PlanPolicy([]), Now)?.Kind);
    }

    [Fact]
    public void Check_OtherStatuses_DoNotRefuseBelowTheThreshold()
    {
        var state = Learned(new PlanWindowReading("5h", 0.5, In2h, "allowed_warning"), new PlanWindowReading("overage", 0, In3d, "allowed"));

        Assert.Null(PlanTransitions.Check(state, Policy, Now));
    }

    [Fact]
    public void Check_WindowWithoutReset_HoldsForUnknownResetHoldFromObservedAt()
    {
        var observedAt = Now.AddMinutes(-1);
        var state = PlanTransitions.Learn(PlanState.Empty, Observe(new PlanWindowReading("5h", 0.95)), PlanSource.Learned, observedAt);
        var until = observedAt + PlanWindowState.UnknownResetHold;

        var refusal = PlanTransitions.Check(state, Policy, Now);

        Assert.Equal(until, refusal?.RetryAt);
        Assert.Equal("5h at 95% >= 90%", refusal?.Detail);
        Assert.NotNull(PlanTransitions.Check(state, Policy, until - TimeSpan.FromTicks(1)));
        Assert.Null(PlanTransitions.Check(state, Policy, until));
    }

    [Fact]
    public void Check_RejectedWindowWithoutReset_HoldsForUnknownResetHold()
    {
        var state = Learned(new PlanWindowReading("overage", Status: "rejected"));

        Assert.Equal(Now + PlanWindowState.UnknownResetHold, PlanTransitions.Check(state, Policy, Now)?.RetryAt);
        Assert.Null(PlanTransitions.Check(state, Policy, Now + PlanWindowState.UnknownResetHold));
    }

    [Fact]
    public void Check_TwoWindowsOverThreshold_RefusesUntilBothReset()
    {
        var state = Learned(new PlanWindowReading("5h", 0.95, In2h), new PlanWindowReading("7d", 0.97, In3d));

        Assert.NotNull(PlanTransitions.Check(state, Policy, Now));

        var later = PlanTransitions.Check(state, Policy, In2h);

        Assert.NotNull(later);
        Assert.Equal(In3d, later.RetryAt);
        Assert.Equal("7d at 97% >= 95%", later.Detail);
        Assert.Null(PlanTransitions.Check(state, Policy, In3d));
    }

    [Fact]
    public void Check_OnlyTheWindowOverItsOwnThreshold_Refuses()
    {
        // 0.92 is over the 5h threshold (0.9) but under the 7d one (0.95).
        var state = Learned(new PlanWindowReading("5h", 0.5, In2h), new PlanWindowReading("7d", 0.92, In3d));

        Assert.Null(PlanTransitions.Check(state, Policy, Now));
    }

    [Fact]
    public void Check_ThresholdNamesAreExact()
    {
        var state = Learned(new PlanWindowReading("5H", 0.99, In2h));

        Assert.Null(PlanTransitions.Check(state, Policy, Now));
    }

    [Fact]
    public void Check_EmptyState_Null()
    {
        Assert.Null(PlanTransitions.Check(PlanState.Empty, Policy, Now));
    }

    [Fact]
    public void Check_NullArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => PlanTransitions.Check(null!, Policy, Now));
        Assert.Throws<ArgumentNullException>(() => PlanTransitions.Check(PlanState.Empty, null!, Now));
    }

    // ---- Headroom ----

    [Fact]
    public void Headroom_NoState_One()
    {
        Assert.Equal(1.0, PlanTransitions.Headroom(null, Policy, Now));
        Assert.Equal(1.0, PlanTransitions.Headroom(PlanState.Empty, Policy, Now));
    }

    [Fact]
    public void Headroom_SmallestShareLeftOverTheSwitchingWindows()
    {
        var state = Learned(new PlanWindowReading("5h", 0.6, In2h), new PlanWindowReading("7d", 0.3, In3d));

        // Share left before the threshold: 5h 1 - 0.6/0.9, 7d 1 - 0.3/0.95.
        Assert.Equal(1 - (0.6 / 0.9), PlanTransitions.Headroom(state, Policy, Now), 9);
    }

    [Fact]
    public void Headroom_WindowWithoutThreshold_NotCounted()
    {
        var state = Learned(new PlanWindowReading("overage", 0.99, In3d), new PlanWindowReading("7d", 0.25, In3d));

        Assert.Equal(1 - (0.25 / 0.95), PlanTransitions.Headroom(state, Policy, Now), 9);
    }

    [Fact]
    public void Headroom_WindowPastItsReset_NotCounted()
    {
        var state = Learned(new PlanWindowReading("5h", 0.95, In2h), new PlanWindowReading("7d", 0.2, In3d));

        Assert.Equal(0, PlanTransitions.Headroom(state, Policy, Now), 9);
        Assert.Equal(1 - (0.2 / 0.95), PlanTransitions.Headroom(state, Policy, In2h), 9);
    }

    [Fact]
    public void Headroom_FullWindow_Zero()
    {
        var state = Learned(new PlanWindowReading("5h", 1.0, In2h));

        Assert.Equal(0.0, PlanTransitions.Headroom(state, Policy, Now), 9);
    }

    [Fact]
    public void Headroom_NullPolicy_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => PlanTransitions.Headroom(PlanState.Empty, null!, Now));
    }

    // ---- RefusedUntil ----

    [Fact]
    public void RefusedUntil_ExhaustedWindow_ItsReset()
    {
        var observed = new PlanObservation([new PlanWindowReading("5h", 1.0, In2h)], "rejected", In3d, LimitReached: true);

        Assert.Equal(In2h, PlanTransitions.RefusedUntil(observed, Now));
    }

    [Fact]
    public void RefusedUntil_SeveralExhaustedWindows_TheLatestReset()
    {
        var observed = new PlanObservation(
            [new PlanWindowReading("7d", 1.0, In3d), new PlanWindowReading("5h", 1.0, In2h), new PlanWindowReading("overage", 0.1, Now.AddDays(5))],
            "rejected",
            LimitReached: true);

        Assert.Equal(In3d, PlanTransitions.RefusedUntil(observed, Now));
    }

    [Fact]
    public void RefusedUntil_RejectedWindowBelowFull_ItsReset()
    {
        var observed = new PlanObservation([new PlanWindowReading("5h", 0.4, In2h, "rejected")], LimitReached: true);

        Assert.Equal(In2h, PlanTransitions.RefusedUntil(observed, Now));
    }

    [Fact]
    public void RefusedUntil_NoExhaustedWindow_ThePlansReset()
    {
        var observed = new PlanObservation([new PlanWindowReading("5h", 0.99, In2h)], "rejected", In3d, LimitReached: true);

        Assert.Equal(In3d, PlanTransitions.RefusedUntil(observed, Now));
    }

    [Fact]
    public void RefusedUntil_ExhaustedWindowPastItsReset_FallsBackToThePlansReset()
    {
        var observed = new PlanObservation([new PlanWindowReading("5h", 1.0, Now.AddMinutes(-1))], "rejected", In2h, LimitReached: true);

        Assert.Equal(In2h, PlanTransitions.RefusedUntil(observed, Now));
    }

    [Fact]
    public void RefusedUntil_ExhaustedWindowResettingNow_NotCounted()
    {
        var observed = new PlanObservation([new PlanWindowReading("5h", 1.0, Now)], LimitReached: true);

        Assert.Null(PlanTransitions.RefusedUntil(observed, Now));
    }

    [Fact]
    public void RefusedUntil_ErrorBodyReset_ThePlansReset()
    {
        var observed = new PlanObservation([], "rejected", In2h, LimitReached: true);

        Assert.Equal(In2h, PlanTransitions.RefusedUntil(observed, Now));
    }

    [Fact]
    public void RefusedUntil_NoTime_Null()
    {
        Assert.Null(PlanTransitions.RefusedUntil(new PlanObservation([], "rejected", LimitReached: true), Now));
        Assert.Null(PlanTransitions.RefusedUntil(new PlanObservation(default, LimitReached: true), Now));
        Assert.Null(PlanTransitions.RefusedUntil(new PlanObservation([new PlanWindowReading("5h", 1.0)], LimitReached: true), Now));
    }

    [Fact]
    public void RefusedUntil_PlanResetInThePast_Null()
    {
        var observed = new PlanObservation([], "rejected", Now.AddSeconds(-1), LimitReached: true);

        Assert.Null(PlanTransitions.RefusedUntil(observed, Now));
    }

    [Fact]
    public void RefusedUntil_FurtherThanTheLongestCooldown_Capped()
    {
        var observed = new PlanObservation([new PlanWindowReading("monthly", 1.0, Now.AddDays(20))], LimitReached: true);

        Assert.Equal(Now + PlanTransitions.LongestCooldown, PlanTransitions.RefusedUntil(observed, Now));
    }

    [Fact]
    public void RefusedUntil_PlanResetFurtherThanTheLongestCooldown_Capped()
    {
        var observed = new PlanObservation([], "rejected", Now.AddDays(30), LimitReached: true);

        Assert.Equal(Now + PlanTransitions.LongestCooldown, PlanTransitions.RefusedUntil(observed, Now));
    }

    [Fact]
    public void RefusedUntil_ExactlyTheLongestCooldown_Kept()
    {
        var edge = Now + PlanTransitions.LongestCooldown;
        var observed = new PlanObservation([new PlanWindowReading("7d", 1.0, edge)], LimitReached: true);

        Assert.Equal(edge, PlanTransitions.RefusedUntil(observed, Now));
    }

    [Fact]
    public void RefusedUntil_NullObservation_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => PlanTransitions.RefusedUntil(null!, Now));
    }

    // ---- Figures ----

    [Fact]
    public void Figures_NoState_EveryDeclaredWindow()
    {
        var figures = PlanTransitions.Figures(null, Policy, Now);

        Assert.Equal<PlanWindowState>(
            [
                new PlanWindowState("5h", 0, null, null, PlanSource.Declared, null),
                new PlanWindowState("7d", 0, null, null, PlanSource.Declared, null),
            ],
            figures);
    }

    [Fact]
    public void Figures_KnownWindowsFirstThenTheDeclaredOnesNotHeardOf()
    {
        var state = Learned(new PlanWindowReading("5h", 0.5, In2h, "allowed"), new PlanWindowReading("overage", 0.1, In3d));

        var figures = PlanTransitions.Figures(state, Policy, Now);

        Assert.Equal(["5h", "overage", "7d"], figures.Select(w => w.Name));
        Assert.Equal(state.Window("5h"), figures[0]);
        Assert.Equal(state.Window("overage"), figures[1]);
        Assert.Equal(new PlanWindowState("7d", 0, null, null, PlanSource.Declared, null), figures[2]);
    }

    [Fact]
    public void Figures_WindowPastItsReset_ShownAtZero()
    {
        var state = Learned(new PlanWindowReading("5h", 0.95, In2h));

        var figures = PlanTransitions.Figures(state, Policy, In2h);

        var fiveHour = Assert.Single(figures, w => w.Name == "5h");
        Assert.Equal(0, fiveHour.Utilization);
        Assert.Equal(PlanSource.Learned, fiveHour.Source);
        Assert.Equal(Now, fiveHour.ObservedAt);
        Assert.Equal(In2h, fiveHour.ResetAt);
    }

    [Fact]
    public void Figures_HeartbeatSource_Kept()
    {
        var state = PlanTransitions.Learn(PlanState.Empty, Observe(new PlanWindowReading("7d", 0.3, In3d)), PlanSource.Heartbeat, Now);

        var figures = PlanTransitions.Figures(state, Policy, Now);

        Assert.Equal([PlanSource.Declared, PlanSource.Heartbeat], figures.OrderBy(w => w.Name, StringComparer.Ordinal).Select(w => w.Source));
    }

    [Fact]
    public void Figures_EmptyPolicyNoState_Empty()
    {
        Assert.Empty(PlanTransitions.Figures(null, new PlanPolicy([]), Now));
    }

    [Fact]
    public void Figures_NullPolicy_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => PlanTransitions.Figures(null, null!, Now));
    }

    // ---- Percent ----

    [Theory]
    [InlineData(0.93, "93%")]
    [InlineData(0.925, "92.5%")]
    [InlineData(0.9, "90%")]
    [InlineData(0.0, "0%")]
    [InlineData(1.0, "100%")]
    [InlineData(0.12345, "12.3%")]
    [InlineData(0.005, "0.5%")]
    [InlineData(0.07, "7%")]
    public void Percent_Fraction_ShownWithAtMostOneDecimal(double fraction, string expected) =>
        Assert.Equal(expected, PlanTransitions.Percent(fraction));
}
