using Xunit;

namespace RoutingCluster.Stats.Tests;

public sealed class StatsWindowTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(null, "2025-05-31T12:00:00Z")]
    [InlineData("", "2025-05-31T12:00:00Z")]
    [InlineData("1h", "2025-06-01T11:00:00Z")]
    [InlineData("90s", "2025-06-01T11:58:30Z")]
    [InlineData("1h30m", "2025-06-01T10:30:00Z")]
    [InlineData("2d", "2025-05-30T12:00:00Z")]
    [InlineData("1w", "2025-05-25T12:00:00Z")]
    [InlineData("2025-06-01T09:15:00Z", "2025-06-01T09:15:00Z")]
    [InlineData("2025-06-01T11:15:00+02:00", "2025-06-01T09:15:00Z")]
    [InlineData("2025-06-01T09:15:00", "2025-06-01T09:15:00Z")]
    public void ParseSince_DurationOrInstant_StartOfWindow(string? text, string expected)
    {
        var since = StatsWindow.ParseSince(text, Now, out var error);

        Assert.Null(error);
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), since);
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("-1h")]
    [InlineData("1x")]
    [InlineData("h")]
    public void ParseSince_Garbage_ErrorNamesValueAndForms(string text)
    {
        var since = StatsWindow.ParseSince(text, Now, out var error);

        Assert.Null(since);
        Assert.Contains($"`{text}`", error, StringComparison.Ordinal);
        Assert.Contains("1h", error, StringComparison.Ordinal);
    }
}
