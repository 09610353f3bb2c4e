using Xunit;

namespace RoutingCluster.Plans.Tests;

public sealed class PlanStateTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 4, 10, 0, 0, TimeSpan.Zero);

    private static PlanWindowState Window(string name, DateTimeOffset? observedAt, DateTimeOffset? resetAt = null) =>
        new(name, 0.5, resetAt, null, observedAt is null ? PlanSource.Declared : PlanSource.Learned, observedAt);

    [Fact]
    public void Empty_KnowsNothing()
    {
        var empty = PlanState.Empty;

        Assert.Empty(empty.Windows);
        Assert.Null(empty.Status);
        Assert.Null(empty.StatusResetAt);
        Assert.Null(empty.Claim);
        Assert.Null(empty.LastProbeAt);
        Assert.Null(empty.LastFigureAt);
        Assert.Null(empty.Window("5h"));
    }

    [Fact]
    public void Window_ByExactName()
    {
        var state = PlanState.Empty with { Windows = [Window("5h", Now), Window("7d", Now.AddMinutes(1))] };

        Assert.Equal(Now.AddMinutes(1), state.Window("7d")!.ObservedAt);
        Assert.Equal(Now, state.Window("5h")!.ObservedAt);
        Assert.Null(state.Window("5H"));
        Assert.Null(state.Window("overage"));
    }

    [Fact]
    public void LastFigureAt_TheFreshestObservation()
    {
        var state = PlanState.Empty with { Windows = [Window("a", Now.AddMinutes(-5)), Window("b", Now), Window("c", Now.AddMinutes(-10))] };

        Assert.Equal(Now, state.LastFigureAt);
    }

    [Fact]
    public void LastFigureAt_SkipsWindowsNeverObserved()
    {
        var first = PlanState.Empty with { Windows = [Window("a", null), Window("b", Now.AddMinutes(-5)), Window("c", null)] };
        var later = PlanState.Empty with { Windows = [Window("b", Now.AddMinutes(-5)), Window("a", null), Window("c", Now)] };
        var none = PlanState.Empty with { Windows = [Window("a", null)] };

        Assert.Equal(Now.AddMinutes(-5), first.LastFigureAt);
        Assert.Equal(Now, later.LastFigureAt);
        Assert.Null(none.LastFigureAt);
    }

    [Fact]
    public void LastFigureAt_IgnoresTheLastProbe()
    {
        var state = PlanState.Empty with { LastProbeAt = Now };

        Assert.Null(state.LastFigureAt);
    }

    [Fact]
    public void HoldsAt_WithoutReset_HoldsForUnknownResetHoldFromWhenItWasHeard()
    {
        var window = Window("5h", Now);

        Assert.True(window.HoldsAt(Now + PlanWindowState.UnknownResetHold - TimeSpan.FromTicks(1)));
        Assert.False(window.HoldsAt(Now + PlanWindowState.UnknownResetHold));
    }

    [Fact]
    public void HoldsAt_UntilTheReset()
    {
        var window = Window("5h", Now, Now.AddHours(1));

        Assert.True(window.HoldsAt(Now));
        Assert.True(window.HoldsAt(Now.AddHours(1) - TimeSpan.FromTicks(1)));
        Assert.False(window.HoldsAt(Now.AddHours(1)));
        Assert.False(window.HoldsAt(Now.AddHours(2)));
    }

    [Fact]
    public void SwitchAt_DeclaredWindow_ItsThreshold()
    {
        var policy = new PlanPolicy([new PlanThreshold("5h", 0.9), new PlanThreshold("7d", 0.95)]);

        Assert.Equal(0.9, policy.SwitchAt("5h"));
        Assert.Equal(0.95, policy.SwitchAt("7d"));
    }

    [Fact]
    public void SwitchAt_UndeclaredWindow_Null()
    {
        var policy = new PlanPolicy([new PlanThreshold("5h", 0.9)]);

        Assert.Null(policy.SwitchAt("overage"));
        Assert.Null(policy.SwitchAt("5H"));
        Assert.Null(new PlanPolicy([]).SwitchAt("5h"));
    }

    [Fact]
    public void SwitchAt_DeclaredTwice_TheFirst()
    {
        var policy = new PlanPolicy([new PlanThreshold("5h", 0.8), new PlanThreshold("5h", 0.9)]);

        Assert.Equal(0.8, policy.SwitchAt("5h"));
    }

    [Fact]
    public void IsEmpty_NothingSaid_True()
    {
        Assert.True(new PlanObservation([]).IsEmpty);
        Assert.True(new PlanObservation(default).IsEmpty);
    }

    [Fact]
    public void IsEmpty_AnythingSaid_False()
    {
        Assert.False(new PlanObservation([new PlanWindowReading("5h")]).IsEmpty);
        Assert.False(new PlanObservation([], Status: "allowed").IsEmpty);
        Assert.False(new PlanObservation([], ResetAt: Now).IsEmpty);
        Assert.False(new PlanObservation([], Claim: "five_hour").IsEmpty);
        Assert.False(new PlanObservation([], LimitReached: true).IsEmpty);
    }
}
