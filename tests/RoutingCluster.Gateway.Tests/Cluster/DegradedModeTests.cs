using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using RoutingCluster.Gateway.Tests.Support;
using RoutingCluster.Storage.Postgres.Membership;
using RoutingCluster.Testing;
using Xunit;

namespace RoutingCluster.Gateway.Tests.Cluster;

/// <summary>
/// PostgreSQL becomes unreachable (a loopback proxy in front of it cuts every connection): the
/// nodes keep serving, each within its share of the limit, mark answers degraded, and fold what
/// they admitted into the shared windows once the database is back.
/// </summary>
public sealed class DegradedModeTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);
    private readonly CountingFakeTimeProvider _time = new();
    private GatewayHarness _harness = null!;
    private LoopbackTcpProxy _proxy = null!;
    private ClusterConfig _cluster = null!;
    private TestGateway _node1 = null!;
    private TestGateway _node2 = null!;

    public async Task InitializeAsync()
    {
        _harness = await GatewayHarness.StartMockAsync(["solo"], _time);
        _proxy = _harness.Own(new LoopbackTcpProxy(ClusterConfig.ServerPort));
        _cluster = await _harness.CreateClusterAsync(_proxy.Port);
        var yaml = _harness.Upstream.SimpleYaml(limits: "{ rpm: 10 }", extra: _cluster.StoreYaml(heartbeat: "1s", degradedRetryInterval: "5s"));
        _node1 = await _harness.StartGatewayAsync(yaml, "--node-id", "node-1");
        _node2 = await _harness.StartGatewayAsync(yaml, "--node-id", "node-2");
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task Post_DatabaseUnreachable_ServesEachNodesShareDegradedThenReconciles()
    {
        await TickAsync();
        Assert.All(new[] { _node1, _node2 }, n => Assert.Equal(2, Membership(n).LiveNodeCount));

        _proxy.Cut();
        var node1 = await SendAsync(_node1, 6);
        var node2 = await SendAsync(_node2, 6);

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, 5), HttpStatusCode.TooManyRequests], node1.Select(r => r.Status));
        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, 5), HttpStatusCode.TooManyRequests], node2.Select(r => r.Status));
        Assert.All(node1.Concat(node2), r => Assert.True(r.Degraded));
        Assert.Equal(10, _harness.Mock.CountFor(_harness.Upstream.KeyOf("solo")));

        _proxy.Restore();
        _time.Advance(TimeSpan.FromSeconds(6));
        var recovered = Assert.Single(await SendAsync(_node1, 1));
        Assert.Equal((HttpStatusCode.OK, false), (recovered.Status, recovered.Degraded));

        // node-2 folds its 5 into the shared window on its first request back: 5 + 1 + 5 = 11 of 10.
        var reconciled = Assert.Single(await SendAsync(_node2, 1));
        Assert.Equal((HttpStatusCode.TooManyRequests, false), (reconciled.Status, reconciled.Degraded));
        Assert.Equal(HttpStatusCode.TooManyRequests, Assert.Single(await SendAsync(_node1, 1)).Status);
        Assert.Equal(11, _harness.Mock.CountFor(_harness.Upstream.KeyOf("solo")));

        _time.Advance(TimeSpan.FromSeconds(62));
        Assert.Equal(HttpStatusCode.OK, Assert.Single(await SendAsync(_node2, 1)).Status);
    }

    /// <summary>
    /// At least one heartbeat on both nodes, awaited. Other background loops (the ledger writer) arm
    /// timers on the same fake clock, so the clock is moved a beat at a time until both beats are
    /// done rather than once after guessing how many timers are armed; bounded in steps and time.
    /// </summary>
    private async Task TickAsync()
    {
        var ticks = Task.WhenAll(Membership(_node1).WaitForTickAsync(), Membership(_node2).WaitForTickAsync());
        for (var step = 0; step < 20 && !ticks.IsCompleted; step++)
        {
            await _time.WaitForTimersAsync(1, Bound);
            _time.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(ticks, Task.Delay(TimeSpan.FromMilliseconds(250)));
        }

        await ticks.WaitAsync(Bound);
    }

    private static PostgresCluster Membership(TestGateway node) => node.Services.GetRequiredService<PostgresCluster>();

    private static async Task<List<(HttpStatusCode Status, bool Degraded)>> SendAsync(TestGateway node, int count)
    {
        var results = new List<(HttpStatusCode, bool)>();
        for (var i = 0; i < count; i++)
        {
            using var response = await node.Http.PostAsync("/v1/chat/completions", new StringContent(
                """{"model":"default","messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"));
            results.Add((response.StatusCode, response.Headers.TryGetValues("x-routing-degraded", out var values) && values.Single() == "true"));
        }

        return results;
    }
}
