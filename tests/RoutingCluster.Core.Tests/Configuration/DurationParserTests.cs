using Xunit;

namespace RoutingCluster.Configuration.Tests;

public sealed class DurationParserTests
{
    public static TheoryData<string, TimeSpan> ValidCases => new()
    {
        { "250ms", TimeSpan.FromMilliseconds(250) },
        { "30s", TimeSpan.FromSeconds(30) },
        { "5m", TimeSpan.FromMinutes(5) },
        { "5h", TimeSpan.FromHours(5) },
        { "7d", TimeSpan.FromDays(7) },
        { "2w", TimeSpan.FromDays(14) },
        { "1.5h", TimeSpan.FromMinutes(90) },
        { "0.5s", TimeSpan.FromMilliseconds(500) },
        { "0s", TimeSpan.Zero },
    };

    [Theory]
    [MemberData(nameof(ValidCases))]
    public void TryParse_NumberAndUnit_ReturnsSpan(string text, TimeSpan expected)
    {
        Assert.True(DurationParser.TryParse(text, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("5")]
    [InlineData("h")]
    [InlineData("5x")]
    [InlineData("-5s")]
    [InlineData("5 s")]
    [InlineData(" 5s")]
    [InlineData("5S")]
    [InlineData("1h30m")]
    [InlineData(".5s")]
    [InlineData("5.s")]
    [InlineData("1.2.3s")]
    [InlineData("99999999999999999999w")]
    public void TryParse_Malformed_ReturnsFalse(string? text)
    {
        Assert.False(DurationParser.TryParse(text, out _));
    }

    [Theory]
    [InlineData(250, "250ms")]
    [InlineData(30_000, "30s")]
    [InlineData(90_000, "90s")]
    [InlineData(300_000, "5m")]
    [InlineData(5_400_000, "90m")]
    [InlineData(18_000_000, "5h")]
    [InlineData(604_800_000, "1w")]
    [InlineData(1_209_600_000, "2w")]
    [InlineData(86_400_000, "1d")]
    [InlineData(500, "0.5s")]
    [InlineData(0, "0s")]
    public void Format_Span_GivesShortestForm(long milliseconds, string expected)
    {
        Assert.Equal(expected, DurationParser.Format(TimeSpan.FromMilliseconds(milliseconds)));
    }

    [Theory]
    [InlineData(1L)]
    [InlineData(12_345_678L)]
    [InlineData(36_000_000_000L)]
    [InlineData(6_048_000_000_001L)]
    public void Format_AnyTicks_RoundTripsThroughTryParse(long ticks)
    {
        var span = TimeSpan.FromTicks(ticks);
        Assert.True(DurationParser.TryParse(DurationParser.Format(span), out var parsed));
        Assert.Equal(span, parsed);
    }

    [Fact]
    public void Format_Negative_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DurationParser.Format(TimeSpan.FromSeconds(-1)));
    }
}
