using Xunit;

namespace RoutingCluster.Tenants.Tests;

public sealed class BudgetCalendarTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    // Cuba moves its clocks at local midnight: in March midnight does not exist, in November it happens twice.
    private static readonly TimeZoneInfo Havana = TimeZoneInfo.FindSystemTimeZoneById("America/Havana");

    [Fact]
    public void PeriodAt_DayAfterLocalMidnightButBeforeUtcMidnight_IsTheLocalDay()
    {
        var period = BudgetCalendar.PeriodAt(BudgetPeriod.Day, Berlin, Utc(2026, 12, 1, 23, 30));

        Assert.Equal(Utc(2026, 12, 1, 23, 0), period.Start);
        Assert.Equal(Utc(2026, 12, 2, 23, 0), period.End);
    }

    [Fact]
    public void PeriodAt_SpringForwardDay_Is23Hours()
    {
        var period = BudgetCalendar.PeriodAt(BudgetPeriod.Day, Berlin, Utc(2026, 3, 29, 12, 0));

        Assert.Equal(Utc(2026, 3, 28, 23, 0), period.Start);
        Assert.Equal(Utc(2026, 3, 29, 22, 0), period.End);
        Assert.Equal(TimeSpan.FromHours(23), period.End - period.Start);
    }

    [Fact]
    public void PeriodAt_FallBackDay_Is25Hours()
    {
        var period = BudgetCalendar.PeriodAt(BudgetPeriod.Day, Berlin, Utc(2026, 10, 25, 1, 30));

        Assert.Equal(Utc(2026, 10, 24, 22, 0), period.Start);
        Assert.Equal(Utc(2026, 10, 25, 23, 0), period.End);
        Assert.Equal(TimeSpan.FromHours(25), period.End - period.Start);
    }

    [Fact]
    public void PeriodAt_LastInstantOfADay_StillThatDayAndTheBoundaryStartsTheNext()
    {
        var end = Utc(2026, 12, 2, 23, 0);

        Assert.Equal(end, BudgetCalendar.PeriodAt(BudgetPeriod.Day, Berlin, end.AddTicks(-1)).End);
        Assert.Equal(end, BudgetCalendar.PeriodAt(BudgetPeriod.Day, Berlin, end).Start);
    }

    [Theory]
    [InlineData(2026, 2, 28)]
    [InlineData(2028, 2, 29)]
    [InlineData(2026, 4, 30)]
    [InlineData(2026, 12, 31)]
    public void PeriodAt_Month_RunsFromTheFirstToTheFirstOfTheNextLocalMonth(int year, int month, int days)
    {
        var period = BudgetCalendar.PeriodAt(BudgetPeriod.Month, Berlin, Utc(year, month, 15, 12, 0));

        var start = BudgetCalendar.InstantOf(new DateTime(year, month, 1), Berlin);
        Assert.Equal(start, period.Start);
        Assert.Equal(BudgetCalendar.InstantOf(new DateTime(year, month, 1).AddDays(days), Berlin), period.End);
        Assert.Equal(1, TimeZoneInfo.ConvertTime(period.Start, Berlin).Day);
        Assert.Equal(0, TimeZoneInfo.ConvertTime(period.Start, Berlin).Hour);
    }

    [Fact]
    public void PeriodAt_MonthWithSpringForward_EndsAtLocalMidnightInSummerTime()
    {
        var period = BudgetCalendar.PeriodAt(BudgetPeriod.Month, Berlin, Utc(2026, 3, 10, 0, 0));

        Assert.Equal(Utc(2026, 2, 28, 23, 0), period.Start);
        Assert.Equal(Utc(2026, 3, 31, 22, 0), period.End);
    }

    [Fact]
    public void PeriodAt_FirstMinutesOfAMonthLocally_BelongToTheNewMonth()
    {
        // 23:30 UTC on 31 December is 00:30 on 1 January in Berlin.
        var period = BudgetCalendar.PeriodAt(BudgetPeriod.Month, Berlin, Utc(2026, 12, 31, 23, 30));

        Assert.Equal(Utc(2026, 12, 31, 23, 0), period.Start);
        Assert.Equal(Utc(2027, 1, 31, 23, 0), period.End);
    }

    [Fact]
    public void PeriodAt_MidnightSkippedByDst_DayStartsAtTheTransition()
    {
        var period = BudgetCalendar.PeriodAt(BudgetPeriod.Day, Havana, Utc(2026, 3, 8, 12, 0));

        // 00:00 CST (-5) never happens: the clocks read 01:00 CDT (-4) at 05:00 UTC.
        Assert.Equal(Utc(2026, 3, 8, 5, 0), period.Start);
        Assert.Equal(Utc(2026, 3, 9, 4, 0), period.End);
    }

    [Fact]
    public void PeriodAt_MidnightRepeatedByDst_DayStartsAtItsFirstOccurrence()
    {
        var period = BudgetCalendar.PeriodAt(BudgetPeriod.Day, Havana, Utc(2026, 11, 1, 12, 0));

        Assert.Equal(Utc(2026, 11, 1, 4, 0), period.Start);
        Assert.Equal(Utc(2026, 11, 2, 5, 0), period.End);
    }

    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute) => new(year, month, day, hour, minute, 0, TimeSpan.Zero);
}
