using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace RoutingCluster.Tenants.Tests;

public sealed class BudgetTransitionsTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly BudgetLimits TenDollarsADay = new(10m, null, BudgetPeriod.Day, Berlin.Id);
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(10);

    // 12:00 in Berlin; the day ends at 23:00 UTC.
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 2, 11, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Reserve_WithinTheCap_HoldsTheEstimateAsCommitted()
    {
        var (state, decision) = Reserve(BudgetState.Initial, "a", 4m);

        Assert.True(decision.Granted);
        Assert.Equal(4m, state.Committed.Usd);
        Assert.Equal(0m, state.Spent.Usd);
        Assert.Equal(4m, decision.Standing.Committed.Usd);
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 23, 0, 0, TimeSpan.Zero), decision.Standing.ResetAt);
    }

    [Fact]
    public void Reserve_WouldCrossTheCap_RefusedWhileACheaperOneStillFits()
    {
        var (state, _) = Reserve(BudgetState.Initial, "a", 7m);

        var (refusedState, refused) = Reserve(state, "b", 3.01m);
        var (_, cheaper) = Reserve(refusedState, "c", 3m);

        Assert.Equal(BudgetVerdict.Exceeded, refused.Verdict);
        Assert.Equal(7m, refused.Standing.Committed.Usd);
        Assert.True(cheaper.Granted);
        Assert.Equal(10m, cheaper.Standing.Committed.Usd);
    }

    [Fact]
    public void Reserve_SameLeaseTwice_HoldsItOnce()
    {
        var (state, _) = Reserve(BudgetState.Initial, "a", 4m);

        var (again, decision) = Reserve(state, "a", 4m);

        Assert.True(decision.Granted);
        Assert.Equal(4m, again.Committed.Usd);
    }

    [Fact]
    public void Reserve_TokenCap_CountsTokensIndependentlyOfDollars()
    {
        var limits = new BudgetLimits(null, 1_000, BudgetPeriod.Day, Berlin.Id);
        var (state, first) = BudgetTransitions.Reserve(BudgetState.Initial, new BudgetReserveCommand("a", new BudgetAmount(100m, 600), Ttl, limits), Berlin, _time.GetUtcNow());
        var (_, second) = BudgetTransitions.Reserve(state, new BudgetReserveCommand("b", new BudgetAmount(0m, 401), Ttl, limits), Berlin, _time.GetUtcNow());

        Assert.True(first.Granted);
        Assert.Equal(BudgetVerdict.Exceeded, second.Verdict);
    }

    [Fact]
    public void Settle_RealCost_ReplacesTheEstimateAndReportsWhatItMissed()
    {
        var (state, _) = Reserve(BudgetState.Initial, "a", 2m);

        var (settled, missed) = Settle(state, "a", new BudgetAmount(2.5m, 100));

        Assert.Empty(settled.Reservations);
        Assert.Equal(2.5m, settled.Spent.Usd);
        Assert.Equal(0.5m, missed.Usd);
    }

    [Fact]
    public void Settle_CheaperThanEstimated_FreesTheDifference()
    {
        var (state, _) = Reserve(BudgetState.Initial, "a", 9m);

        var (settled, missed) = Settle(state, "a", new BudgetAmount(1m, 0));
        var (_, next) = Reserve(settled, "b", 9m);

        Assert.Equal(BudgetAmount.Zero, missed);
        Assert.True(next.Granted);
    }

    [Fact]
    public void Settle_FailedWithNoUsage_ReleasesWithNothingCharged()
    {
        var (state, _) = Reserve(BudgetState.Initial, "a", 9m);

        var (settled, _) = Settle(state, "a", null);

        Assert.Equal(BudgetAmount.Zero, settled.Committed);
    }

    [Fact]
    public void Settle_UnknownLease_ChangesNothing()
    {
        var (state, _) = Reserve(BudgetState.Initial, "a", 3m);

        var (settled, _) = Settle(state, "never-reserved", new BudgetAmount(5m, 5));

        Assert.Equal(state.Committed, settled.Committed);
        Assert.Single(settled.Reservations);
    }

    [Fact]
    public void Tidy_ReservationPastItsTtl_ChargedAsSpent()
    {
        var (state, _) = Reserve(BudgetState.Initial, "a", 3m);
        _time.Advance(Ttl);

        var tidy = BudgetTransitions.Tidy(state, TenDollarsADay, Berlin, _time.GetUtcNow());

        Assert.Empty(tidy.Reservations);
        Assert.Equal(3m, tidy.Spent.Usd);
    }

    [Fact]
    public void Reserve_AfterLocalMidnight_SpendStartsAgainFromZero()
    {
        var (state, _) = Reserve(BudgetState.Initial, "a", 6m);
        (state, _) = Settle(state, "a", new BudgetAmount(6m, 0));
        var (_, late) = Reserve(state, "b", 5m);
        Assert.Equal(BudgetVerdict.Exceeded, late.Verdict);

        // 23:00 UTC is midnight in Berlin.
        _time.SetUtcNow(new DateTimeOffset(2026, 12, 2, 23, 0, 0, TimeSpan.Zero));
        var (next, fresh) = Reserve(state, "b", 5m);

        Assert.True(fresh.Granted);
        Assert.Equal(0m, next.Spent.Usd);
        Assert.Equal(new DateTimeOffset(2026, 12, 3, 23, 0, 0, TimeSpan.Zero), fresh.Standing.ResetAt);
    }

    [Fact]
    public void Settle_ReservedBeforeMidnight_ChargedToTheNewDay()
    {
        _time.SetUtcNow(new DateTimeOffset(2026, 12, 2, 22, 59, 0, TimeSpan.Zero));
        var (state, _) = Reserve(BudgetState.Initial, "a", 4m);
        _time.SetUtcNow(new DateTimeOffset(2026, 12, 2, 23, 0, 1, TimeSpan.Zero));

        var (settled, _) = Settle(state, "a", new BudgetAmount(3m, 0));

        Assert.Equal(3m, settled.Spent.Usd);
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 23, 0, 0, TimeSpan.Zero), settled.Period.Start);
    }

    [Fact]
    public void Recover_UncleanCheckpoint_CountsReservationsAndTheWholeBlockAsSpent()
    {
        var (state, _) = Reserve(BudgetState.Initial, "a", 2m);
        (state, _) = Reserve(state, "b", 1m);
        (state, _) = Settle(state, "b", new BudgetAmount(1m, 0));

        var recovered = BudgetTransitions.Recover(new BudgetCheckpoint(state, new BudgetAmount(1.5m, 0), Clean: false));

        Assert.Empty(recovered.Reservations);
        Assert.Equal(1m + 2m + 1.5m, recovered.Spent.Usd);

        // The lost activation's settle of "a" finds nothing to change: never counted twice, never dropped.
        Assert.Equal(recovered.Spent, Settle(recovered, "a", new BudgetAmount(2m, 0)).State.Spent);
    }

    [Fact]
    public void Recover_CleanCheckpoint_KeepsTheStateAsWritten()
    {
        var (state, _) = Reserve(BudgetState.Initial, "a", 2m);

        var recovered = BudgetTransitions.Recover(new BudgetCheckpoint(state, BudgetAmount.Zero, Clean: true));

        Assert.Equal(state, recovered);
    }

    [Fact]
    public void BlockNext_ATenthOfTheCapButNoMoreThanIsLeft_AndAtLeastTheReservation()
    {
        var limits = new BudgetLimits(50m, 100_000, BudgetPeriod.Month, Berlin.Id);

        Assert.Equal(new BudgetAmount(5m, 10_000), BudgetBlock.Next(limits, BudgetAmount.Zero, new BudgetAmount(0.1m, 10)));
        Assert.Equal(new BudgetAmount(2m, 1_000), BudgetBlock.Next(limits, new BudgetAmount(48m, 99_000), new BudgetAmount(0.1m, 10)));
        Assert.Equal(new BudgetAmount(7m, 20_000), BudgetBlock.Next(limits, BudgetAmount.Zero, new BudgetAmount(7m, 20_000)));
    }

    [Fact]
    public void BlockCovers_OnlyDeclaredCapsMatter()
    {
        Assert.True(BudgetBlock.Covers(TenDollarsADay, new BudgetAmount(1m, 0), new BudgetAmount(0.5m, 0), new BudgetAmount(0.5m, 1_000_000)));
        Assert.False(BudgetBlock.Covers(TenDollarsADay, new BudgetAmount(1m, 0), new BudgetAmount(0.5m, 0), new BudgetAmount(0.51m, 0)));
    }

    private (BudgetState State, BudgetDecision Decision) Reserve(BudgetState state, string lease, decimal usd)
    {
        var (next, decision) = BudgetTransitions.Reserve(state, new BudgetReserveCommand(lease, new BudgetAmount(usd, 0), Ttl, TenDollarsADay), Berlin, _time.GetUtcNow());
        return (next, decision);
    }

    private (BudgetState State, BudgetAmount Missed) Settle(BudgetState state, string lease, BudgetAmount? actual)
    {
        var (next, missed) = BudgetTransitions.Settle(state, new BudgetSettleCommand(lease, actual, TenDollarsADay), Berlin, _time.GetUtcNow());
        return (next, missed);
    }
}
