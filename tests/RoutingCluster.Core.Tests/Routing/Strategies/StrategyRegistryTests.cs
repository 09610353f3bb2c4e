using Xunit;

namespace RoutingCluster.Routing.Strategies.Tests;

public sealed class StrategyRegistryTests
{
    [Fact]
    public void CreateDefault_EveryKnownName_ResolvesToStrategyOfThatName()
    {
        var registry = StrategyRegistry.CreateDefault();

        foreach (var name in StrategyNames.All)
        {
            Assert.Equal(name, registry.Get(name).Name);
        }
    }

    [Fact]
    public void Get_UnknownName_ThrowsListingKnownNames()
    {
        var registry = StrategyRegistry.CreateDefault();

        var error = Assert.Throws<KeyNotFoundException>(() => registry.Get("fastest"));

        Assert.Contains("`fastest`", error.Message, StringComparison.Ordinal);
        Assert.All(StrategyNames.All, name => Assert.Contains(name, error.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Get_NameInOtherCase_Throws()
    {
        var registry = StrategyRegistry.CreateDefault();

        Assert.Throws<KeyNotFoundException>(() => registry.Get("Priority"));
    }

    [Fact]
    public void Get_CustomRegistry_OnlyKnowsItsOwn()
    {
        var registry = new StrategyRegistry([new DrainStrategy()]);

        Assert.IsType<DrainStrategy>(registry.Get(StrategyNames.Drain));
        var error = Assert.Throws<KeyNotFoundException>(() => registry.Get(StrategyNames.Priority));
        Assert.EndsWith("known: drain.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_CustomRegistry_TheStrategiesGivenInOrder()
    {
        var registry = new StrategyRegistry([new DrainStrategy(), new PriorityStrategy()]);

        Assert.Equal([StrategyNames.Drain, StrategyNames.Priority], registry.Names);
    }
}
