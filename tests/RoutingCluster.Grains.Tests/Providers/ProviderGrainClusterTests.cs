using RoutingCluster.Entities;
using RoutingCluster.Grains.Providers;
using Xunit;

namespace RoutingCluster.Grains.Tests.Providers;

public sealed class ProviderGrainClusterTests : IAsyncLifetime
{
    private static readonly BreakerOptions Breaker = new(3, 0.5, TimeSpan.FromSeconds(30), 10, TimeSpan.FromSeconds(30), 2);
    private ThreeSiloCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await ThreeSiloCluster.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Admit_HalfOpenOfferedFromEverySilo_LetsExactlyTheAllowedProbesThrough()
    {
        var provider = _cluster.Grains.GetGrain<IProviderGrain>("flaky");
        for (var i = 0; i < 3; i++)
        {
            await provider.Settle($"failed-{i}", new AttemptOutcome(OutcomeKind.ServerError, 500), Breaker);
        }

        var expiry = _cluster.Time.GetUtcNow().AddMinutes(1);
        var whileOpen = await provider.Admit("too-early", expiry, Breaker);
        Assert.Equal(RefusalKind.BreakerOpen, whileOpen.Result!.Kind);

        _cluster.Time.Advance(TimeSpan.FromSeconds(31));
        var offers = new List<Task<ProviderReply<Refusal?>>>();
        var n = 0;
        foreach (var factory in _cluster.SiloFactories())
        {
            for (var i = 0; i < 10; i++)
            {
                offers.Add(factory.GetGrain<IProviderGrain>("flaky").Admit($"probe-{n++}", expiry, Breaker).AsTask());
            }
        }

        var answers = await Task.WhenAll(offers);
        Assert.Equal(2, answers.Count(a => a.Result is null));
        Assert.All(answers.Where(a => a.Result is not null), a => Assert.Equal(RefusalKind.BreakerOpen, a.Result!.Kind));
    }
}
