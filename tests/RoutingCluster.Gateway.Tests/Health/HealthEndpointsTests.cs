using System.Net;
using System.Text.Json;
using RoutingCluster.Gateway.Tests.Support;
using RoutingCluster.Testing;
using Xunit;

namespace RoutingCluster.Gateway.Tests.Health;

/// <summary>
/// <c>/health/live</c> and <c>/health/ready</c> of real gateways: embedded (no database), clustered
/// on PostgreSQL through a loopback proxy that the test cuts, and with gateway keys configured.
/// </summary>
public sealed class HealthEndpointsTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);
    private GatewayHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await GatewayHarness.StartMockAsync(["key-a"], TimeProvider.System);

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task Embedded_LiveAndReady_HealthyWithEveryReadyCheckNamed()
    {
        var gateway = await _harness.StartGatewayAsync(_harness.Upstream.SimpleYaml());

        var (liveStatus, live) = await GetAsync(gateway, "/health/live");
        var (readyStatus, ready) = await GetAsync(gateway, "/health/ready");

        Assert.Equal(HttpStatusCode.OK, liveStatus);
        Assert.Equal("healthy", live.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, readyStatus);
        var checks = ready.GetProperty("checks");
        Assert.Equal(["config", "database", "silo"], checks.EnumerateObject().Select(c => c.Name).Order(StringComparer.Ordinal));
        Assert.All(checks.EnumerateObject(), c => Assert.Equal("healthy", c.Value.GetProperty("status").GetString()));
        Assert.Equal("no database (embedded)", checks.GetProperty("database").GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Clustered_DatabaseCut_NotReadyButLive_ReadyAgainWhenItIsBack()
    {
        var proxy = _harness.Own(new LoopbackTcpProxy(ClusterConfig.ServerPort));
        var cluster = await _harness.CreateClusterAsync(proxy.Port);
        var gateway = await _harness.StartGatewayAsync(_harness.Upstream.SimpleYaml(extra: cluster.StoreYaml()), "--node-id", "health-node");
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(gateway, "/health/ready")).Status);

        proxy.Cut();
        var (status, body) = await AwaitStatusAsync(gateway, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("unhealthy", body.GetProperty("status").GetString());
        var database = body.GetProperty("checks").GetProperty("database");
        Assert.Equal("unhealthy", database.GetProperty("status").GetString());
        Assert.DoesNotContain(cluster.ConnectionString, body.GetRawText(), StringComparison.Ordinal);
        Assert.Equal("healthy", body.GetProperty("checks").GetProperty("silo").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(gateway, "/health/live")).Status);

        proxy.Restore();
        (status, _) = await AwaitStatusAsync(gateway, HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task GatewayKeysConfigured_HealthAnswersWithoutAKey()
    {
        var key = _harness.SetSecret("rc-health-test-key");
        var gateway = await _harness.StartGatewayAsync(_harness.Upstream.SimpleYaml(extra: TenantYaml.Team(key.Reference)));

        Assert.Equal(HttpStatusCode.OK, (await GetAsync(gateway, "/health/live")).Status);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(gateway, "/health/ready")).Status);
        using var admin = await gateway.Http.GetAsync("/admin/cluster");
        Assert.Equal(HttpStatusCode.Unauthorized, admin.StatusCode);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(TestGateway gateway, string path)
    {
        using var response = await gateway.Http.GetAsync(path);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        return (response.StatusCode, body);
    }

    /// <summary>Polls readiness until it answers <paramref name="expected"/>, within <see cref="Bound"/>.</summary>
    private static async Task<(HttpStatusCode Status, JsonElement Body)> AwaitStatusAsync(TestGateway gateway, HttpStatusCode expected)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            var answer = await GetAsync(gateway, "/health/ready");
            if (answer.Status == expected)
            {
                return answer;
            }

            Assert.True(TimeProvider.System.GetElapsedTime(started) < Bound, $"readiness stayed {answer.Status}: {answer.Body}");
            await Task.Yield();
        }
    }
}
