namespace RoutingCluster.Tenants;

/// <summary>
/// The calendar period holding an instant, in the budget's time zone: a day runs from local
/// midnight to the next local midnight (23 or 25 hours on a DST day), a month from the first of the
/// month to the first of the next. A local midnight a DST gap skips starts the period at the first
/// instant after the gap; a midnight a DST overlap repeats starts it at its first occurrence.
/// </summary>
public static class BudgetCalendar
{
    public static BudgetWindow PeriodAt(BudgetPeriod period, TimeZoneInfo zone, DateTimeOffset instant)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = TimeZoneInfo.ConvertTime(instant, zone).DateTime;
        var start = period == BudgetPeriod.Day ? local.Date : new DateTime(local.Year, local.Month, 1, 0, 0, 0, DateTimeKind.Unspecified);
        var end = period == BudgetPeriod.Day ? start.AddDays(1) : start.AddMonths(1);
        return new BudgetWindow(InstantOf(start, zone), InstantOf(end, zone));
    }

    /// <summary>The first instant at which the wall clock of <paramref name="zone"/> reads <paramref name="local"/> or later.</summary>
    public static DateTimeOffset InstantOf(DateTime local, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            // Skipped by a spring-forward: with the offset in force before the gap, the instant is the
            // transition itself, whose wall-clock reading is the first one after the gap.
            var before = zone.GetUtcOffset(local.AddDays(-1));
            return new DateTimeOffset(local - before, TimeSpan.Zero);
        }

        if (zone.IsAmbiguousTime(local))
        {
            var earliest = zone.GetAmbiguousTimeOffsets(local).Max();
            return new DateTimeOffset(local - earliest, TimeSpan.Zero);
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }
}
