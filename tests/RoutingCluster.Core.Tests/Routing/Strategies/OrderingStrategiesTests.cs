using Xunit;
using static RoutingCluster.Routing.Strategies.Tests.StrategyTestCandidates;

namespace RoutingCluster.Routing.Strategies.Tests;

public sealed class OrderingStrategiesTests
{
    private static readonly StepContext Context = new("plan", 0);

    [Fact]
    public void PriorityOrder_AnyInputOrder_SortedByDeclarationOrder()
    {
        var ranked = new PriorityStrategy().Order([Make(2, headroom: 1), Make(0, headroom: 0.1), Make(1)], Context);

        Assert.Equal([0, 1, 2], Orders(ranked));
    }

    [Fact]
    public void HeadroomOrder_MostHeadroomFirstThenFewestInFlightThenOrder()
    {
        var ranked = new HeadroomStrategy().Order(
            [Make(0, headroom: 0.2), Make(1, headroom: 0.9, inFlight: 3), Make(2, headroom: 0.9, inFlight: 1), Make(3, headroom: 0.5), Make(4, headroom: 0.9, inFlight: 1)],
            Context);

        Assert.Equal([2, 4, 1, 3, 0], Orders(ranked));
    }

    [Fact]
    public void DrainOrder_LeastHeadroomFirstThenOrder()
    {
        var ranked = new DrainStrategy().Order(
            [Make(0, headroom: 0.9), Make(1, headroom: 0.05), Make(2, headroom: 0.5), Make(3, headroom: 0.05)],
            Context);

        Assert.Equal([1, 3, 2, 0], Orders(ranked));
    }

    [Fact]
    public void LatencyOrder_UnmeasuredFirstThenFastest()
    {
        var ranked = new LatencyStrategy().Order(
            [Make(0, latencyMs: 300), Make(1, latencyMs: 90), Make(2), Make(3, latencyMs: 120), Make(4)],
            Context);

        Assert.Equal([2, 4, 1, 3, 0], Orders(ranked));
    }

    [Fact]
    public void CostOrder_CheapestFirstThenOrder()
    {
        var ranked = new CostStrategy().Order(
            [Make(0, inputPrice: 2.5m, outputPrice: 10m), Make(1, inputPrice: 0.15m, outputPrice: 0.6m), Make(2), Make(3, inputPrice: 0.15m, outputPrice: 0.6m)],
            Context);

        Assert.Equal([2, 1, 3, 0], Orders(ranked));
    }

    [Theory]
    [InlineData(10_000, 100, 1)]
    [InlineData(100, 4_000, 0)]
    public void CostOrder_PricesWeightedByReservedInputAndOutput(long input, long output, int cheapest)
    {
        // m0: dear input, cheap output; m1: cheap input, dear output. Which is cheaper depends on the request.
        var ranked = new CostStrategy().Order(
            [Make(0, inputPrice: 10m, outputPrice: 1m, reservedInput: input, reservedOutput: output),
             Make(1, inputPrice: 1m, outputPrice: 15m, reservedInput: input, reservedOutput: output)],
            Context);

        Assert.Equal(cheapest, ranked[0].Candidate.Order);
    }

    [Fact]
    public void Order_EmptyInput_Empty()
    {
        foreach (var strategy in new ISelectionStrategy[] { new PriorityStrategy(), new HeadroomStrategy(), new DrainStrategy(), new LatencyStrategy(), new CostStrategy(), new RoundRobinStrategy() })
        {
            Assert.Empty(strategy.Order([], Context));
        }
    }
}
