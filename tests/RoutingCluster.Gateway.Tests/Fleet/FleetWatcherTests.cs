using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Core.Internal;
using RoutingCluster.Entities;
using RoutingCluster.Gateway.Configuration;
using RoutingCluster.Gateway.Fleet;
using RoutingCluster.Gateway.Forwarding;
using RoutingCluster.Gateway.Tests.Support;
using RoutingCluster.Testing;
using Xunit;

namespace RoutingCluster.Gateway.Tests.Fleet;

/// <summary>
/// The fleet view's backstop. A credential's grain that moves to a new activation loses the nodes'
/// subscriptions, so what it decides next reaches a node only at the node's next refresh. That
/// refresh runs on real time even when the node's clock is fake (as in every test here): the view
/// catches up within one interval while the fake clock stands still.
/// </summary>
public sealed class FleetWatcherTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = FleetWatcher.RefreshInterval * 4;
    private GatewayHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await GatewayHarness.StartAsync(["solo"], u => u.SimpleYaml());

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task GrainMovedToANewActivation_ItsCooldownReachesTheViewAtTheNextRefresh_WithoutTheClockMoving()
    {
        var node = _harness.Gateway;
        using (var served = await node.Http.PostAsync("/v1/chat/completions", Json("hello")))
        {
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        }

        await node.Services.GetRequiredService<BackgroundSettles>().WhenIdleAsync().WaitAsync(Bound);
        var grain = node.Services.GetRequiredService<FleetGrains>().Credential("solo");
        await grain.AsReference<IGrainManagementExtension>().DeactivateOnIdle();

        // A 429 with a Retry-After an hour ahead, settled on the new activation by someone else (another
        // node, say): nobody is subscribed to it yet, so no push tells this node.
        var config = node.Services.GetRequiredService<ActiveConfig>().Current;
        var policy = node.Services.GetRequiredService<AttemptSettler>().PolicyFor(config.Credentials.Single(c => c.Id == "solo"), config);
        var now = node.Clock.GetUtcNow();
        var limited = new AttemptOutcome(OutcomeKind.RateLimited, 429, RateLimits: new RateLimitObservation(RetryAt: now + TimeSpan.FromHours(1)));
        var settled = await grain.Settle(new SettleCommand("elsewhere", limited, policy, new CooldownPolicy(AttemptSettler.DefaultCooldown, TimeSpan.FromHours(2))));
        Assert.Equal(now + TimeSpan.FromHours(1), settled.State.CooldownUntil);

        var view = node.Services.GetRequiredService<FleetView>();
        await Bounded.UntilAsync(() => view.Credential("solo").CooldownUntil == now + TimeSpan.FromHours(1), "the node's view to hold the cooldown", Bound);
        Assert.Equal(now, node.Clock.GetUtcNow());
    }

    private static StringContent Json(string content) => new(
        $$"""{"model":"default","messages":[{"role":"user","content":"{{content}}"}]}""", Encoding.UTF8, "application/json");
}
