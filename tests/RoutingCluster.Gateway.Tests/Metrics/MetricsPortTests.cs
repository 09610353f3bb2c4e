using System.Net;
using System.Net.Sockets;
using RoutingCluster.Gateway.Tests.Support;
using Xunit;

namespace RoutingCluster.Gateway.Tests.Metrics;

/// <summary><c>server.metrics.port</c>: /metrics on its own listener only, and nothing else there.</summary>
public sealed class MetricsPortTests
{
    [Fact]
    public async Task MetricsPort_ServesOnlyMetrics_AndTheApiPortNoLongerDoes()
    {
        var port = FreeLoopbackPort();
        await using var harness = await GatewayHarness.StartMockAsync(["key-a"]);
        var gateway = await harness.StartGatewayAsync(harness.Upstream.SimpleYaml(extra: $"server: {{ metrics: {{ port: {port} }} }}"));
        using var metricsPort = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };

        using var scrape = await metricsPort.GetAsync("/metrics");
        using var apiOnMetricsPort = await metricsPort.GetAsync("/v1/models");
        using var metricsOnApiPort = await gateway.Http.GetAsync("/metrics");
        using var api = await gateway.Http.GetAsync("/v1/models");

        Assert.Equal(
            (HttpStatusCode.OK, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.OK),
            (scrape.StatusCode, apiOnMetricsPort.StatusCode, metricsOnApiPort.StatusCode, api.StatusCode));
        Assert.Contains("# TYPE", await scrape.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.NotEqual(port, new Uri(gateway.BaseUrl).Port);
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
