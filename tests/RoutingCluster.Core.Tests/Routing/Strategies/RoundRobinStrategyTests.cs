using Xunit;
using static RoutingCluster.Routing.Strategies.Tests.StrategyTestCandidates;

namespace RoutingCluster.Routing.Strategies.Tests;

public sealed class RoundRobinStrategyTests
{
    private static readonly RankedCandidate[] Three = [Make(2), Make(0), Make(1)];

    [Fact]
    public void Order_SuccessiveCalls_RotateTheStart()
    {
        var strategy = new RoundRobinStrategy();
        var context = new StepContext("plan", 0);

        Assert.Equal([0, 1, 2], Orders(strategy.Order(Three, context)));
        Assert.Equal([1, 2, 0], Orders(strategy.Order(Three, context)));
        Assert.Equal([2, 0, 1], Orders(strategy.Order(Three, context)));
        Assert.Equal([0, 1, 2], Orders(strategy.Order(Three, context)));
    }

    [Fact]
    public void Order_DifferentSteps_RotateIndependently()
    {
        var strategy = new RoundRobinStrategy();
        strategy.Order(Three, new StepContext("plan", 0));
        strategy.Order(Three, new StepContext("plan", 0));

        Assert.Equal([0, 1, 2], Orders(strategy.Order(Three, new StepContext("plan", 1))));
        Assert.Equal([0, 1, 2], Orders(strategy.Order(Three, new StepContext("other", 0))));
        Assert.Equal([2, 0, 1], Orders(strategy.Order(Three, new StepContext("plan", 0))));
    }

    [Fact]
    public void Order_SingleCandidate_ReturnedWithoutAdvancing()
    {
        var strategy = new RoundRobinStrategy();
        var context = new StepContext("plan", 0);

        Assert.Equal([7], Orders(strategy.Order([Make(7)], context)));
        Assert.Equal([0, 1, 2], Orders(strategy.Order(Three, context)));
    }

    [Fact]
    public async Task Order_ParallelCalls_EachStartUsedEqually()
    {
        var strategy = new RoundRobinStrategy();
        var context = new StepContext("plan", 0);

        var firsts = await Task.WhenAll(Enumerable.Range(0, 300).Select(_ => Task.Run(() => strategy.Order(Three, context)[0].Candidate.Order)));

        Assert.Equal([100, 100, 100], firsts.GroupBy(f => f).OrderBy(g => g.Key).Select(g => g.Count()));
    }
}
