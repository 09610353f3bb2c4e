using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RoutingCluster.Gateway.Credentials;
using RoutingCluster.Gateway.Tests.Ledger;
using RoutingCluster.Gateway.Tests.Support;
using RoutingCluster.Testing;
using Xunit;

namespace RoutingCluster.Gateway.Tests.Credentials;

/// <summary>
/// <c>POST /admin/credentials/{id}/reset</c> on the real gateway: a key cooled down by a 429 that
/// asked for the year 9999, or disabled by a 401, serves again at once; in cluster mode the reset
/// goes through the shared PostgreSQL rows, so another node serves with it at once too.
/// </summary>
public sealed class CredentialResetEndpointTests : IAsyncLifetime
{
    private const string Year9999 = "Fri, 31 Dec 9999 23:59:59 GMT";
    private GatewayHarness _harness = null!;
    private TestSecret _gatewayKey = null!;

    private string Key => _gatewayKey.Value;

    public async Task InitializeAsync()
    {
        _harness = await GatewayHarness.StartMockAsync(["key-a"]);
        _gatewayKey = _harness.SetSecret($"gw-{Guid.NewGuid():N}");
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    private string Yaml(string extra = "") =>
        _harness.Upstream.SimpleYaml(extra: $"{TenantYaml.Team(_gatewayKey.Reference)}\n{extra}");

    [Fact]
    public async Task Reset_CooledDownByYear9999RetryAfter_ServesAgainAtOnce()
    {
        var gateway = await _harness.StartGatewayAsync(Yaml());
        var keyA = _harness.Upstream.KeyOf("key-a");
        _harness.Mock.Enqueue(keyA, MockReply.Status(429, null, ("retry-after", Year9999)));
        await LedgerApi.ChatAsync(gateway, Key, expected: HttpStatusCode.TooManyRequests);
        await LedgerApi.ChatAsync(gateway, Key, expected: HttpStatusCode.TooManyRequests);
        Assert.Equal(1, _harness.Mock.CountFor(keyA));

        using var response = await LedgerApi.SendAsync(gateway, HttpMethod.Post, "/admin/credentials/key-a/reset", Key);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = (await response.Content.ReadFromJsonAsync<CredentialResetReport>(LedgerApi.Json))!;
        Assert.Equal(("key-a", "up"), (report.Credential, report.Provider));
        Assert.Equal(["cooldown", "learnedLimits"], report.Cleared);
        Assert.Equal(_harness.Time.GetUtcNow() + TimeSpan.FromHours(1), report.CooldownUntil);
        Assert.Equal("upstream answered 429", report.CooldownReason);
        Assert.True(report.UsableNow);
        Assert.Null(report.StillBlocked);
        await LedgerApi.ChatAsync(gateway, Key);
        Assert.Equal(2, _harness.Mock.CountFor(keyA));
    }

    [Fact]
    public async Task Reset_DisabledBy401_EnabledAndNothingLeftTheSecondTime()
    {
        var gateway = await _harness.StartGatewayAsync(Yaml());
        _harness.Mock.Enqueue(_harness.Upstream.KeyOf("key-a"), MockReply.Status(401));
        await LedgerApi.ChatAsync(gateway, Key, expected: HttpStatusCode.BadGateway);
        await LedgerApi.ChatAsync(gateway, Key, expected: HttpStatusCode.ServiceUnavailable);

        var first = await ResetAsync(gateway, "key-a");
        var second = await ResetAsync(gateway, "key-a");

        Assert.Equal(["disabled"], first.Cleared);
        Assert.Contains("401", first.DisabledReason, StringComparison.Ordinal);
        Assert.Empty(second.Cleared);
        Assert.True(second.UsableNow);
        await LedgerApi.ChatAsync(gateway, Key);
    }

    [Fact]
    public async Task Reset_UnknownId_404NamingItAndTheKnownIds()
    {
        var gateway = await _harness.StartGatewayAsync(Yaml());

        using var response = await LedgerApi.SendAsync(gateway, HttpMethod.Post, "/admin/credentials/nope/reset", Key);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = body.RootElement.GetProperty("error");
        Assert.Equal("credential_not_found", error.GetProperty("code").GetString());
        var message = error.GetProperty("message").GetString()!;
        Assert.Contains("`nope`", message, StringComparison.Ordinal);
        Assert.Contains("credential ids: key-a", message, StringComparison.Ordinal);
        Assert.Contains("`check`", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reset_WithoutGatewayKey_401AndNothingCleared()
    {
        var gateway = await _harness.StartGatewayAsync(Yaml());
        _harness.Mock.Enqueue(_harness.Upstream.KeyOf("key-a"), MockReply.Status(429, null, ("retry-after", Year9999)));
        await LedgerApi.ChatAsync(gateway, Key, expected: HttpStatusCode.TooManyRequests);

        using var response = await LedgerApi.SendAsync(gateway, HttpMethod.Post, "/admin/credentials/key-a/reset", null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await LedgerApi.ChatAsync(gateway, Key, expected: HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task Reset_ClusterOnPostgres_ResetThroughOneNodeServesThroughTheOther()
    {
        var cluster = await _harness.CreateClusterAsync();
        var yaml = Yaml(cluster.StoreYaml());
        var node1 = await _harness.StartGatewayAsync(yaml, "--node-id", "node-1");
        var node2 = await _harness.StartGatewayAsync(yaml, "--node-id", "node-2");
        var keyA = _harness.Upstream.KeyOf("key-a");
        _harness.Mock.Enqueue(keyA, MockReply.Status(429, null, ("retry-after", Year9999)));
        await LedgerApi.ChatAsync(node1, Key, expected: HttpStatusCode.TooManyRequests);
        await LedgerApi.ChatAsync(node2, Key, expected: HttpStatusCode.TooManyRequests);

        var report = await ResetAsync(node2, "key-a");

        Assert.Equal(["cooldown", "learnedLimits"], report.Cleared);
        Assert.True(report.CooldownUntil <= _harness.Time.GetUtcNow() + TimeSpan.FromHours(1));
        await LedgerApi.ChatAsync(node1, Key);
        await LedgerApi.ChatAsync(node2, Key);
        Assert.Equal(3, _harness.Mock.CountFor(keyA));
    }

    private async Task<CredentialResetReport> ResetAsync(TestGateway gateway, string id)
    {
        using var response = await LedgerApi.SendAsync(gateway, HttpMethod.Post, $"/admin/credentials/{id}/reset", Key);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<CredentialResetReport>(LedgerApi.Json))!;
    }
}
