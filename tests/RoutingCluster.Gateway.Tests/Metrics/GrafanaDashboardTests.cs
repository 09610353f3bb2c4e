using System.Net;
using System.Text;
using RoutingCluster.Gateway.Tests.Support;
using RoutingCluster.Testing;
using RoutingCluster.Testing.Grafana;
using Xunit;

namespace RoutingCluster.Gateway.Tests.Metrics;

/// <summary>
/// Every metric the Grafana dashboard (<c>deploy/grafana/dashboards/routingcluster.json</c>) queries
/// exists in a live scrape of a clustered gateway that served traffic: successes, a fallback, a
/// skipped credential, tokens and cost, with a subscription profile among its credentials. A renamed series breaks this test, not an operator's panel.
/// </summary>
public sealed class GrafanaDashboardTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);
    private GatewayHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await GatewayHarness.StartMockAsync(["key-a", "key-b"]);

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task LiveScrapeAfterTraffic_HasEveryMetricTheDashboardQueries()
    {
        var cluster = await _harness.CreateClusterAsync();
        // key-b is a subscription profile, so the plan panels have series too.
        var yaml = _harness.Upstream.SimpleYaml(limits: "{ rpm: 100, concurrency: 4 }", extra: cluster.StoreYaml());
        var profile = "id: key-b, provider: up, apiKey:";
        Assert.Contains(profile, yaml, StringComparison.Ordinal);
        var gateway = await _harness.StartGatewayAsync(yaml.Replace(profile, "id: key-b, provider: up, kind: subscription, token:", StringComparison.Ordinal));
        var keyA = _harness.Upstream.KeyOf("key-a");
        _harness.Mock.Enqueue(keyA, MockReply.Ok(), MockReply.ServerError(503), MockReply.RateLimited(TimeSpan.FromSeconds(30)));
        for (var i = 0; i < 4; i++)
        {
            using var response = await gateway.Http.PostAsync("/v1/chat/completions", new StringContent(
                """{"model":"default","messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var wanted = DashboardQueries.MetricNames(RepositoryRoot.Combine("deploy", "grafana", "dashboards", "routingcluster.json"));
        Assert.Contains("routing_requests_total", wanted);
        var missing = wanted;
        var started = TimeProvider.System.GetTimestamp();
        while (missing.Count > 0)
        {
            // The ledger and the settles run after the answers: wait for their series, within the bound.
            Assert.True(TimeProvider.System.GetElapsedTime(started) < Bound, "not in the scrape: " + string.Join(", ", missing));
            await Task.Yield();
            var present = MetricsScenario.Parse(await gateway.Http.GetStringAsync("/metrics")).Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
            missing = [.. wanted.Where(name => !present.Contains(name))];
        }
    }
}
