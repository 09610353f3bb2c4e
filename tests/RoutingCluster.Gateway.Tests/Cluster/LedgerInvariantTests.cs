using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using RoutingCluster.Gateway.Tests.Support;
using RoutingCluster.Ledger;
using RoutingCluster.Storage.Postgres.Ledger;
using RoutingCluster.Testing;
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
    private readonly List<TestGateway> _nodes = [];
    private MockUpstream _mock = null!;
    private UpstreamConfig _upstream = null!;
    private ClusterConfig _cluster = null!;

    public async Task InitializeAsync()
    {
        _mock = await MockUpstream.StartAsync();
        _upstream = new UpstreamConfig(_mock, "solo");
        _cluster = await ClusterConfig.CreateAsync();
        var yaml = _upstream.SimpleYaml(limits: "{ rpm: 6 }", extra: _cluster.StoreYaml());
        for (var i = 1; i <= 3; i++)
        {
            _nodes.Add(await TestGateway.StartAsync(yaml, _time, "--node-id", $"node-{i}"));
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        await _mock.DisposeAsync();
        _upstream.Dispose();
        await _cluster.DisposeAsync();
    }

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
            using var response = await _nodes[i % 3].Http.PostAsync("/v1/chat/completions", new StringContent(bodies[i % 3 == 0 ? 0 : i % 3], Encoding.UTF8, "application/json"));
            sent.Add((response.Headers.GetValues("x-routing-request-id").Single(), response.StatusCode));
        }

        // Six served requests fit rpm 6; the next served-shaped ones are refused with 429, and recorded too.
        for (var i = 0; i < 3; i++)
        {
            using var response = await _nodes[i].Http.PostAsync("/v1/chat/completions", new StringContent(bodies[0], Encoding.UTF8, "application/json"));
            sent.Add((response.Headers.GetValues("x-routing-request-id").Single(), response.StatusCode));
        }

        foreach (var node in _nodes)
        {
            Assert.True(await node.Services.GetRequiredService<PostgresLedger>().FlushAsync().WaitAsync(TimeSpan.FromSeconds(20)));
        }

        var ledger = _nodes[1].Services.GetRequiredService<ILedger>();
        var recorded = await ledger.QueryAsync(new LedgerQuery(Limit: 1000));
        Assert.Equal(sent.Select(s => s.Id).Order(), recorded.Select(r => r.Id).Order());
        Assert.All(sent, s => Assert.Equal((int)s.Status, recorded.Single(r => r.Id == s.Id).Status));
        Assert.Contains(HttpStatusCode.TooManyRequests, sent.Select(s => s.Status));
        Assert.Equal(["node-1", "node-2", "node-3"], recorded.Select(r => r.Node).Distinct().Order());
        Assert.Equal(sent.Count(s => s.Status == HttpStatusCode.OK), _mock.Requests.Count);
    }
}
