using RoutingCluster.Configuration;
using RoutingCluster.Gateway.Wire;
using Xunit;

namespace RoutingCluster.Gateway.Tests.Wire;

/// <summary>The bounds a usage figure is held to once the serving model is known (<see cref="TokenUsage.ClampedTo"/>).</summary>
public sealed class TokenUsageBoundsTests
{
    private static ModelDefinition Model(int contextWindow, int? maxOutput) =>
        new("m", "p", "up-m", contextWindow, maxOutput, default, 1m, 2m);

    [Fact]
    public void ClampedTo_LongMaxValueFigures_EachAtContextWindowPlusMaxOutput()
    {
        var usage = new TokenUsage(long.MaxValue, long.MaxValue, long.MaxValue, long.MaxValue);

        var clamped = usage.ClampedTo(Model(128_000, 16_000));

        Assert.Equal(new TokenUsage(144_000, 144_000, 144_000, 144_000), clamped);
    }

    [Fact]
    public void ClampedTo_NegativeFigures_Zero()
    {
        Assert.Equal(new TokenUsage(0, 0, 0, 0), new TokenUsage(-5, long.MinValue, -1, -1).ClampedTo(Model(1000, null)));
    }

    [Fact]
    public void ClampedTo_SaneFigures_Unchanged()
    {
        var usage = new TokenUsage(900, 100, CacheRead: 50, CacheWrite: 10);

        Assert.Equal(usage, usage.ClampedTo(Model(1000, 200)));
    }

    [Theory]
    [InlineData(16_000, null, 32_000L)]
    [InlineData(16_000, 4_000, 20_000L)]
    [InlineData(int.MaxValue, int.MaxValue, 2L * int.MaxValue)]
    [InlineData(0, null, TokenUsage.FallbackMaxFigure)]
    public void MaxFigure_FromTheModel_ContextWindowPlusMaxOutputElseFallback(int contextWindow, int? maxOutput, long expected)
    {
        Assert.Equal(expected, TokenUsage.MaxFigure(Model(contextWindow, maxOutput)));
    }

    [Fact]
    public void Total_LongMaxValueFigures_SaturatesInsteadOfWrapping()
    {
        Assert.Equal(long.MaxValue, new TokenUsage(long.MaxValue, long.MaxValue).Total);
    }

    [Theory]
    [InlineData(long.MaxValue, 64_000L)]
    [InlineData(-3L, 0L)]
    [InlineData(500L, 500L)]
    public void ClampTotal_ReportedTotal_WithinTwiceTheFigureBound(long total, long expected)
    {
        Assert.Equal(expected, TokenUsage.ClampTotal(total, Model(16_000, null)));
    }

    [Fact]
    public void ClampTotal_NoTotal_StaysNull()
    {
        Assert.Null(TokenUsage.ClampTotal(null, Model(16_000, null)));
    }
}
