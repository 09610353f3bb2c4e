using RoutingCluster.Entities;

namespace RoutingCluster.Tenants;

/// <summary>
/// The pure transitions of one budget: reserve an attempt's estimated cost, settle it to the real
/// cost, charge reservations whose node never settled them, and start again at each calendar
/// boundary. A reservation is refused when spent plus reserved plus it would pass a cap, so
/// admitted spend passes a cap only by what settled attempts cost beyond their estimate.
/// </summary>
public static class BudgetTransitions
{
    public static Transition<BudgetState, BudgetDecision> Reserve(BudgetState state, BudgetReserveCommand command, TimeZoneInfo zone, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(command);
        state = Tidy(state, command.Limits, zone, now);
        if (IndexOf(state, command.LeaseId) >= 0)
        {
            return new(state, new BudgetDecision(BudgetVerdict.Granted, BudgetStanding.Of(state, command.Limits)));
        }

        if (!state.Committed.Plus(command.Estimate).Within(command.Limits))
        {
            return new(state, new BudgetDecision(BudgetVerdict.Exceeded, BudgetStanding.Of(state, command.Limits)));
        }

        var next = state with { Reservations = state.Reservations.Add(new BudgetReservation(command.LeaseId, command.Estimate, now + command.Ttl)) };
        return new(next, new BudgetDecision(BudgetVerdict.Granted, BudgetStanding.Of(next, command.Limits)));
    }

    /// <summary>Replaces the attempt's reservation by its real cost (or by nothing). A lease the state does not hold
    /// (released, or reserved before a crash and counted as spent by the recovery) changes nothing.</summary>
    /// <returns>Spend charged beyond the reservation (what the estimate missed), zero when it held.</returns>
    public static Transition<BudgetState, BudgetAmount> Settle(BudgetState state, BudgetSettleCommand command, TimeZoneInfo zone, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(command);
        state = Tidy(state, command.Limits, zone, now);
        var index = IndexOf(state, command.LeaseId);
        if (index < 0)
        {
            return new(state, BudgetAmount.Zero);
        }

        var reservation = state.Reservations[index];
        var actual = command.Actual ?? BudgetAmount.Zero;
        var next = state with { Reservations = state.Reservations.RemoveAt(index), Spent = state.Spent.Plus(actual) };
        return new(next, actual.Above(reservation.Amount));
    }

    private static int IndexOf(BudgetState state, string leaseId)
    {
        for (var i = 0; i < state.Reservations.Length; i++)
        {
            if (state.Reservations[i].LeaseId == leaseId)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The state as of <paramref name="now"/>: a new period when the calendar passed a boundary, expired reservations charged.</summary>
    public static BudgetState Tidy(BudgetState state, BudgetLimits limits, TimeZoneInfo zone, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(limits);
        if (!state.Period.Contains(now))
        {
            var period = BudgetCalendar.PeriodAt(limits.Period, zone, now);
            if (period != state.Period)
            {
                state = state with { Period = period, Spent = BudgetAmount.Zero };
            }
        }

        if (state.Reservations.Any(r => r.ExpiresAt <= now))
        {
            // Never settled (its node died): the attempt may well have run, so its estimate is spent.
            var expired = state.Reservations.Where(r => r.ExpiresAt <= now).Aggregate(BudgetAmount.Zero, static (sum, r) => sum.Plus(r.Amount));
            state = state with { Reservations = state.Reservations.RemoveAll(r => r.ExpiresAt <= now), Spent = state.Spent.Plus(expired) };
        }

        return state;
    }

    /// <summary>
    /// The state a new activation starts from. After an orderly end it is the checkpoint's. After a
    /// crash, everything the lost activation may have let through counts as spent: the reservations
    /// in flight at the write, and the whole block it could admit past it. Their settles then find no
    /// reservation and change nothing, so spend is never under-counted (only what an estimate missed
    /// by, on attempts that ended after the write, can be lost).
    /// </summary>
    public static BudgetState Recover(BudgetCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var state = checkpoint.State;
        return checkpoint.Clean ? state : state with { Spent = state.Committed.Plus(checkpoint.Block), Reservations = [] };
    }
}
