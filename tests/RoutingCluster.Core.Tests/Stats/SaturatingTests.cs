using Xunit;

namespace RoutingCluster.Stats.Tests;

public sealed class SaturatingTests
{
    [Theory]
    [InlineData(long.MaxValue, 1L, long.MaxValue)]
    [InlineData(long.MaxValue, long.MaxValue, long.MaxValue)]
    [InlineData(long.MinValue, -1L, long.MinValue)]
    [InlineData(long.MaxValue, long.MinValue, -1L)]
    [InlineData(40L, 2L, 42L)]
    public void Add_Longs_StopsAtTheBounds(long a, long b, long expected)
    {
        Assert.Equal(expected, Saturating.Add(a, b));
    }

    [Fact]
    public void Add_Decimals_StopsAtTheBounds()
    {
        Assert.Equal(decimal.MaxValue, Saturating.Add(decimal.MaxValue, 1m));
        Assert.Equal(decimal.MinValue, Saturating.Add(decimal.MinValue, -1m));
        Assert.Equal(decimal.MinValue, Saturating.Subtract(decimal.MinValue, decimal.MaxValue));
        Assert.Equal(3.5m, Saturating.Add(1.25m, 2.25m));
    }

    [Fact]
    public void Multiply_LongByPrice_StopsAtTheBounds()
    {
        Assert.Equal(decimal.MaxValue, Saturating.Multiply(long.MaxValue, 1e20m));
        Assert.Equal(decimal.MinValue, Saturating.Multiply(long.MaxValue, -1e20m));
        Assert.Equal(decimal.MaxValue, Saturating.Multiply(long.MinValue, -1e20m));
        Assert.Equal(long.MaxValue * 0.5m, Saturating.Multiply(long.MaxValue, 0.5m));
        Assert.Equal(30m, Saturating.Multiply(10, 3m));
    }

    [Fact]
    public void Sum_LongMaxValueItems_Saturates()
    {
        Assert.Equal(long.MaxValue, Saturating.Sum([long.MaxValue, long.MaxValue, 5L], x => x));
        Assert.Equal(decimal.MaxValue, Saturating.Sum([decimal.MaxValue, decimal.MaxValue], x => x));
    }
}
