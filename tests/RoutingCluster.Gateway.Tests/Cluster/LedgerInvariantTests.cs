using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using RoutingCluster.Gateway.Tests.Support;
using RoutingCluster.Ledger;
using RoutingCluster.Storage.Postgres.Ledger;
using Xunit;

namespace RoutingCluster.Gateway.Tests.Cluster;

/// <summary>
/// DESIGN invariant 4: nothing is lost — every request that reached a node ends in the ledger,
/// whatever its outcome (served, refused by limits, rejected as bad input, unknown model), on any
/// node of the cluster, and every node reads the whole cluster's ledger.
/// </summary>
public sealed class LedgerInvariantTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new();
    private GatewayHarness _harness = null!;
    private ClusterConfig _cluster = null!;

    public async Task InitializeAsync()
    {
        _harness = await GatewayHarness.StartMockAsync(["solo"], _time);
        _cluster = await _harness.CreateClusterAsync();
        var yaml = _harness.Upstream.SimpleYaml(limits: "{ rpm: 6 }", extra: _cluster.StoreYaml());
        for (var i = 1; i <= 3; i++)
        {
            await _harness.StartGatewayAsync(yaml, "--node-id", $"node-{i}");
        }
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task EveryRequestOnEveryNode_EndsInTheSharedLedgerExactlyOnce()
    {
        var bodies = new[]
        {
            """{"model":"default","messages":[{"role":"user","content":"served"}]}""",
            """{"model":"no-such-model","messages":[{"role":"user","content":"unknown"}]}""",
            """{"model":"default","messages":""",
        };
        var sent = new List<(string Id, HttpStatusCode Status)>();
        for (var i = 0; i < 18; i++)
        {
            using var response = await _harness.Gateways[i % 3].Http.PostAsync("/v1/chat/completions", new StringContent(bodies[i % 3 == 0 ? 0 : i % 3], Encoding.UTF8, "application/json"));
            sent.Add((response.Headers.GetValues("x-routing-request-id").Single(), response.StatusCode));
        }

        // Six served requests fit rpm 6; the next served-shaped ones are refused with 429, and recorded too.
        for (var i = 0; i < 3; i++)
        {
            using var response = await _harness.Gateways[i].Http.PostAsync("/v1/chat/completions", new StringContent(bodies[0], Encoding.UTF8, "application/json"));
            sent.Add((response.Headers.GetValues("x-routing-request-id").Single(), response.StatusCode));
        }

        foreach (var node in _harness.Gateways)
        {
            Assert.True(await node.Services.GetRequiredService<PostgresLedger>().FlushAsync().WaitAsync(TimeSpan.FromSeconds(20)));
        }

        var ledger = _harness.Gateways[1].Services.GetRequiredService<ILedger>();
        var recorded = await ledger.QueryAsync(new LedgerQuery(Limit: 1000));
        Assert.Equal(sent.Select(s => s.Id).Order(), recorded.Select(r => r.Id).Order());
        Assert.All(sent, s => Assert.Equal((int)s.Status, recorded.Single(r => r.Id == s.Id).Status));
        Assert.Contains(HttpStatusCode.TooManyRequests, sent.Select(s => s.Status));
        Assert.Equal(["node-1", "node-2", "node-3"], recorded.Select(r => r.Node).Distinct().Order());
        Assert.Equal(sent.Count(s => s.Status == HttpStatusCode.OK), _harness.Mock.Requests.Count);
    }
}
