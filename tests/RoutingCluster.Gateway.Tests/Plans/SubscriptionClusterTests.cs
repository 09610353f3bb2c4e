using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using RoutingCluster.Cluster;
using RoutingCluster.Entities;
using RoutingCluster.Gateway.Configuration;
using RoutingCluster.Gateway.Fleet;
using RoutingCluster.Gateway.Forwarding;
using RoutingCluster.Gateway.Tests.Ledger;
using RoutingCluster.Gateway.Tests.Metrics;
using RoutingCluster.Gateway.Tests.Support;
using RoutingCluster.Plans;
using RoutingCluster.Testing;
using Xunit;

namespace RoutingCluster.Gateway.Tests.Plans;

/// <summary>
/// Subscription profiles on three clustered nodes (three silos on one PostgreSQL, one fake clock),
/// the official Anthropic SDK as client, the mock playing two Claude plans: a profile stops
/// receiving work at its threshold on every node and serves again after its reset; an idle
/// profile used elsewhere is seen by its heartbeat and skipped before any request hits its limit.
/// </summary>
public sealed class SubscriptionClusterTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero));
    private GatewayHarness _harness = null!;
    private ClusterConfig _cluster = null!;

    public async Task InitializeAsync()
    {
        _harness = await GatewayHarness.StartMockAsync(["max-a", "max-b", "pool"], _time);
        _cluster = await _harness.CreateClusterAsync();
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task RisingUtilization_FirstProfileStopsAtItsThresholdOnEveryNode_SecondServes_FirstReturnsAfterReset()
    {
        var a = Plan("max-a", step: 0.1);
        a.Set(MockPlan.FiveHour, 0.5);
        var b = Plan("max-b", step: 0);
        var nodes = await StartNodesAsync(ProfileYaml.Claude(_harness, "priority", extra: _cluster.StoreYaml()));

        // 50, 60, 70, 80% serve on max-a (round robin over the nodes); the fourth answer says 90%.
        for (var i = 0; i < 4; i++)
        {
            await AskAsync(nodes[i % 3]);
        }

        Assert.Equal((4, 0), (a.Counted, b.Counted));
        foreach (var node in nodes)
        {
            await UntilAsync(() => ViewOf(node, "max-a") is { Kind: RefusalKind.PlanThreshold }, "every node's view to hold max-a back");
        }

        for (var i = 0; i < 6; i++)
        {
            await AskAsync(nodes[i % 3]);
        }

        Assert.Equal((4, 6), (a.Counted, b.Counted));
        Assert.Equal(4, _harness.Mock.CountFor(_harness.Upstream.KeyOf("max-a")));
        var samples = MetricsScenario.Parse(await nodes[2].Http.GetStringAsync("/metrics"));
        var utilization = Assert.Single(samples, s => s.Name == "routing_credential_plan_utilization" && s.Label("credential") == "max-a" && s.Label("window") == "5h");
        Assert.Equal((0.9, "learned"), (utilization.Value, utilization.Label("source")));

        // Past the reset the window refilled: max-a serves again, from every node.
        var reset = a.ResetOf(MockPlan.FiveHour);
        a.Set(MockPlan.FiveHour, 0);
        a.SetReset(MockPlan.FiveHour, reset + TimeSpan.FromHours(5));
        _time.SetUtcNow(reset + TimeSpan.FromSeconds(1));
        foreach (var node in nodes)
        {
            await AskAsync(node);
        }

        Assert.Equal((7, 6), (a.Counted, b.Counted));
    }

    [Fact]
    public async Task IdleProfileUsedElsewhere_HeartbeatSeesIt_SkippedOnEveryNodeBeforeAnyRequestHitsTheLimit()
    {
        var a = Plan("max-a", step: 0.01);
        var b = Plan("max-b", step: 0);
        var heartbeat = ", heartbeat: { every: 1m, usageUrl: /plan/usage }";
        var nodes = await StartNodesAsync(ProfileYaml.Claude(_harness, "priority", a: heartbeat, extra: _cluster.StoreYaml()));
        await UntilAsync(() => a.UsageReads >= 1, "the first probe (nothing known of max-a yet)");

        // The mock counts a probe as it arrives; the grain dates what it heard when the answer is back.
        // The clock moves only after that, or the figure would look a minute newer than it is.
        await UntilAsync(() => nodes[0].Services.GetRequiredService<FleetView>().Credential("max-a").Plan?.Window("5h")?.Source == PlanSource.Heartbeat,
            "the grain to learn what the first probe heard");

        // While the three nodes joined, a brief duplicate activation of the grain may have sent one
        // more (README, "Heartbeat": not guaranteed then); from here on it is one per minute.
        var first = a.UsageReads;
        Assert.InRange(first, 1, 2);

        // Someone's own laptop on the same plan takes max-a to 95% while the gateway is idle.
        a.Set(MockPlan.FiveHour, 0.95);
        _time.Advance(TimeSpan.FromMinutes(1));
        await UntilAsync(() => a.UsageReads > first, "the heartbeat's next probe");
        foreach (var node in nodes)
        {
            await UntilAsync(() => ViewOf(node, "max-a") is { Kind: RefusalKind.PlanThreshold }, "every node's view to hold max-a back");
        }

        foreach (var node in nodes)
        {
            await AskAsync(node);
        }

        Assert.Equal((0, 3), (a.Counted, b.Counted));
        Assert.DoesNotContain(_harness.Mock.Requests, r => r.ApiKey == _harness.Upstream.KeyOf("max-a") && r.Path != "/plan/usage");
        var reads = a.UsageReads;
        Assert.InRange(reads, first + 1, first + 2);

        // Every probe is in the ledger as the gateway's own traffic: no tenant, no cost. The ledger
        // writes to PostgreSQL in batches on this test's clock: it moves a flush interval (200 ms) per look.
        // At most 50 looks (10 s of that clock, well inside the heartbeat's minute: no probe more).
        List<RoutingCluster.Ledger.LedgerRecord> probes;
        for (var look = 0; (probes = [.. (await LedgerApi.ListAsync(nodes[0], null)).Where(r => r.FrontDoor == "heartbeat")]).Count < reads; look++)
        {
            Assert.True(look < 50, $"{probes.Count} of the {reads} probes reached the ledger");
            _time.Advance(TimeSpan.FromMilliseconds(200));
            await Task.Delay(20);
        }

        Assert.Equal(reads, probes.Count);
        Assert.All(probes, p => Assert.Equal(("max-a", "", 0m, 200), (p.Credential, p.Tenant, p.CostUsd, p.Status)));
    }

    private MockPlan Plan(string credential, double step) => ProfileRequests.Plan(_harness, credential, MockPlanFormat.Anthropic, step);

    private async Task<IReadOnlyList<TestGateway>> StartNodesAsync(string yaml)
    {
        for (var i = 1; i <= 3; i++)
        {
            await _harness.StartGatewayAsync(yaml, "--node-id", $"node-{i}");
        }

        foreach (var node in _harness.Gateways)
        {
            await UntilAsync(
                () => node.Services.GetRequiredService<IClusterView>().ListNodesAsync().GetAwaiter().GetResult().Count(n => n.Status == "active") == 3,
                "all three nodes active");
        }

        return _harness.Gateways;
    }

    /// <summary>One message through the official SDK (any error fails the test); waits for its settle to reach the grain.</summary>
    private static async Task AskAsync(TestGateway node)
    {
        var message = await AnthropicSdk.Client(node.BaseUrl).Messages.Create(AnthropicSdk.Ask("default", "hi")).WaitAsync(Bound);
        Assert.NotEmpty(message.Content);
        await node.Services.GetRequiredService<BackgroundSettles>().WhenIdleAsync().WaitAsync(Bound);
    }

    /// <summary>What the node's fleet view says of a credential now (null: it would be tried).</summary>
    private static Refusal? ViewOf(TestGateway node, string credential)
    {
        var config = node.Services.GetRequiredService<ActiveConfig>().Current;
        var definition = config.Credentials.Single(c => c.Id == credential);
        var policy = node.Services.GetRequiredService<AttemptSettler>().PolicyFor(definition, config);
        return CredentialTransitions.View(node.Services.GetRequiredService<FleetView>().Credential(credential), policy, 0, node.Clock.GetUtcNow()).Refusal;
    }

    private static Task UntilAsync(Func<bool> condition, string what) => Bounded.UntilAsync(condition, what, Bound);
}
