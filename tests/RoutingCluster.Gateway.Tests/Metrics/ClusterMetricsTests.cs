using System.Net;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using RoutingCluster.Gateway.Tests.Support;
using RoutingCluster.Testing;
using RoutingCluster.Gateway.Fleet;
using Xunit;

namespace RoutingCluster.Gateway.Tests.Metrics;

/// <summary>
/// In cluster mode headroom gauges show the shared entity state, so any node reports what the
/// whole cluster spent; each node counts only its own traffic. <c>/metrics</c> needs no gateway key
/// while <c>/admin</c> does.
/// </summary>
public sealed class ClusterMetricsTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new();
    private GatewayHarness _harness = null!;
    private ClusterConfig _cluster = null!;
    private TestSecret _gatewayKey = null!;
    private TestGateway _node1 = null!;
    private TestGateway _node2 = null!;

    public async Task InitializeAsync()
    {
        _harness = await GatewayHarness.StartMockAsync(["solo"], _time);
        _cluster = await _harness.CreateClusterAsync();
        _gatewayKey = _harness.SetSecret("gw-metrics-key-42");
        var yaml = _harness.Upstream.SimpleYaml(limits: "{ rpm: 10 }", extra: _cluster.StoreYaml() + $"\n{TenantYaml.Team(_gatewayKey.Reference)}");
        _node1 = await _harness.StartGatewayAsync(yaml, "--node-id", "node-1");
        _node2 = await _harness.StartGatewayAsync(yaml, "--node-id", "node-2");
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task Metrics_TrafficThroughOneNode_OtherNodeShowsSharedHeadroomButNotTheTraffic()
    {
        for (var i = 0; i < 3; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
            {
                Content = new StringContent("""{"model":"default","messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new("Bearer", _gatewayKey.Value);
            using var response = await _node1.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // Node 2 learns of node 1's traffic through the grains' pushes: await it, within the documented staleness bound.
        var (text, samples) = await UntilRemainingAsync(7);
        using var admin = await _node2.Http.GetAsync("/admin/cluster");

        Assert.Equal(HttpStatusCode.Unauthorized, admin.StatusCode);
        Assert.DoesNotContain(samples, s => s.Name == "routing_requests_total" && s.Labels.GetValueOrDefault("credential") == "solo");
        Assert.Single(samples, s => s.Name == "routing_ledger_pending");
        Assert.Equal(0, Assert.Single(samples, s => s.Name == "routing_ledger_dropped_total").Value);
        Assert.DoesNotContain(_gatewayKey.Value, text, StringComparison.Ordinal);
    }

    private async Task<(string Text, IReadOnlyList<MetricSample> Samples)> UntilRemainingAsync(double expected)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            using var metrics = await _node2.Http.GetAsync("/metrics");
            Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
            var text = await metrics.Content.ReadAsStringAsync();
            var samples = MetricsScenario.Parse(text);
            var remaining = Assert.Single(samples, s => s.Name == "routing_credential_window_remaining"
                && s.Labels["credential"] == "solo" && s.Labels["unit"] == "requests");
            if (remaining.Value == expected || TimeProvider.System.GetElapsedTime(started) > FleetWatcher.RefreshInterval * 2)
            {
                Assert.Equal(expected, remaining.Value);
                return (text, samples);
            }

            await Task.Yield();
        }
    }
}
