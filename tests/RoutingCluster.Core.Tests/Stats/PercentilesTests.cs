using Xunit;

namespace RoutingCluster.Stats.Tests;

public sealed class PercentilesTests
{
    [Theory]
    [InlineData(50, 10)] // rank ceil(0.50 * 20) = 10
    [InlineData(95, 19)] // rank ceil(0.95 * 20) = 19
    [InlineData(99, 20)] // rank ceil(19.8) = 20
    [InlineData(100, 20)]
    [InlineData(0, 1)] // rank 0 is clamped to the first value
    [InlineData(51, 11)] // rank ceil(10.2) = 11
    public void NearestRank_OneToTwenty_ValueAtCeilRank(double percentile, double expected)
    {
        var values = Enumerable.Range(1, 20).Select(i => (double)i).ToList();

        Assert.Equal(expected, Percentiles.NearestRank(values, percentile));
    }

    [Fact]
    public void NearestRank_Empty_Zero() => Assert.Equal(0, Percentiles.NearestRank([], 95));

    [Fact]
    public void NearestRank_OneValue_ThatValue() => Assert.Equal(7.5, Percentiles.NearestRank([7.5], 50));
}
