using System.Net;
using RoutingCluster.Gateway.Tests.Support;
using RoutingCluster.Ledger;
using RoutingCluster.Testing;
using Xunit;

namespace RoutingCluster.Gateway.Tests.Ledger;

/// <summary><c>/admin/requests</c> on an embedded gateway: what the ledger says about fallbacks, skips, rejections, and filters.</summary>
public sealed class LedgerEndpointTests : IAsyncLifetime
{
    private GatewayHarness _harness = null!;
    private TestSecret _gatewayKey = null!;

    private string Key => _gatewayKey.Value;

    public async Task InitializeAsync()
    {
        _harness = await GatewayHarness.StartMockAsync(["key-a", "key-b"]);
        _gatewayKey = _harness.SetSecret($"gw-{Guid.NewGuid():N}");
        await _harness.StartGatewayAsync(PricedYaml(_harness.Upstream, _gatewayKey));
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    /// <summary>Model <c>m1</c> at $3 / $15 per million tokens behind role <c>default</c>; one gateway key.</summary>
    internal static string PricedYaml(UpstreamConfig upstream, TestSecret gatewayKey, string extra = "") =>
        $$"""
        providers:
        {{upstream.ProviderYaml()}}
        credentials:
        {{upstream.CredentialsYaml()}}
        models:
          - { id: m1, provider: up, upstreamModel: up-model-1, contextWindow: 16000, price: { input: 3, output: 15 } }
        roles:
          default:
            chain:
              - { models: [m1], strategy: priority }
        {{TenantYaml.Team(gatewayKey.Reference)}}
        {{extra}}
        """;

    [Fact]
    public async Task AdminRequests_FallbackThenSkip_RecordsAttemptsSkipsTokensAndCost()
    {
        _harness.Mock.Enqueue(_harness.Upstream.KeyOf("key-a"), MockReply.RateLimited(TimeSpan.FromSeconds(30)));
        var first = await LedgerApi.ChatAsync(_harness.Gateway, Key);
        var second = await LedgerApi.ChatAsync(_harness.Gateway, Key);
        var secondRecord = await LedgerApi.RecordAsync(_harness.Gateway, Key, second);

        var records = await LedgerApi.ListAsync(_harness.Gateway, Key);

        Assert.Equal([second, first], records.Select(r => r.Id));
        var fallback = records[1];
        Assert.Equal(LedgerOutcomes.Success, fallback.Outcome);
        Assert.Collection(
            fallback.Attempts,
            a => (a.Credential, a.Status, a.Outcome).ShouldBe(("key-a", 429, "RateLimited")),
            a => (a.Credential, a.Status, a.Outcome).ShouldBe(("key-b", 200, "Success")));
        Assert.Equal("key-b", fallback.Credential);

        var skipped = records[0];
        Assert.Equal(secondRecord, skipped, RecordComparer.Instance);
        var skip = Assert.Single(skipped.Skipped);
        Assert.Equal(("m1", "key-a", "CoolingDown"), (skip.Model, skip.Credential, skip.Reason));
        Assert.False(string.IsNullOrWhiteSpace(skip.Detail));
        Assert.Equal(_harness.Time.GetUtcNow().AddSeconds(30), skip.RetryAt);
        Assert.Equal("key-b", Assert.Single(skipped.Attempts).Credential);
        Assert.Equal((12L, 8L), (skipped.InputTokens, skipped.OutputTokens));
        Assert.Equal(((12 * 3m) + (8 * 15m)) / 1_000_000m, skipped.CostUsd);
        Assert.Equal(("default", "default", TenantYaml.TeamId, TenantYaml.TeamKeyId, "openai", 200),
            (skipped.Role, skipped.RequestedModel, skipped.Tenant, skipped.GatewayKey, skipped.FrontDoor, skipped.Status));
    }

    [Fact]
    public async Task AdminRequestsById_KnownId_ReturnsTheRecordTheHeaderNamed()
    {
        var id = await LedgerApi.ChatAsync(_harness.Gateway, Key);

        var record = await LedgerApi.RecordAsync(_harness.Gateway, Key, id);

        Assert.Equal(id, record.Id);
        Assert.Equal("m1", record.Model);
        using var missing = await LedgerApi.SendAsync(_harness.Gateway, HttpMethod.Get, "/admin/requests/nope", Key);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("request_not_found", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminRequests_RejectedRequests_AreRecordedAndFilterable()
    {
        var ok = await LedgerApi.ChatAsync(_harness.Gateway, Key);
        var unauthorized = await LedgerApi.ChatAsync(_harness.Gateway, "wrong-key", expected: HttpStatusCode.Unauthorized);
        var unknown = await LedgerApi.ChatAsync(_harness.Gateway, Key, model: "no-such-model", expected: HttpStatusCode.NotFound);
        var malformed = await LedgerApi.ChatAsync(_harness.Gateway, Key, expected: HttpStatusCode.BadRequest, body: "{not json");
        await LedgerApi.RecordAsync(_harness.Gateway, Key, malformed);

        var rejected = await LedgerApi.ListAsync(_harness.Gateway, Key, "?status=4xx");
        Assert.Equal([malformed, unknown, unauthorized], rejected.Select(r => r.Id));
        Assert.All(rejected, r => Assert.Equal(LedgerOutcomes.Rejected, r.Outcome));
        Assert.Equal("", rejected[2].Tenant);
        Assert.Equal("no-such-model", rejected[1].RequestedModel);

        Assert.Equal([unauthorized], (await LedgerApi.ListAsync(_harness.Gateway, Key, "?status=401")).Select(r => r.Id));
        Assert.Equal([ok], (await LedgerApi.ListAsync(_harness.Gateway, Key, "?role=default")).Select(r => r.Id));
        Assert.Equal([ok], (await LedgerApi.ListAsync(_harness.Gateway, Key, "?status=2xx&limit=10")).Select(r => r.Id));
        Assert.Equal([malformed, unknown], (await LedgerApi.ListAsync(_harness.Gateway, Key, "?limit=2")).Select(r => r.Id));
        Assert.Empty(await LedgerApi.ListAsync(_harness.Gateway, Key, "?since=2030-01-01T00:00:00Z"));
        Assert.Equal(4, (await LedgerApi.ListAsync(_harness.Gateway, Key, "?since=" + Uri.EscapeDataString(_harness.Time.GetUtcNow().ToString("O")))).Count);
    }

    [Theory]
    [InlineData("?limit=0", "limit `0`")]
    [InlineData("?limit=1001", "limit `1001`")]
    [InlineData("?limit=abc", "limit `abc`")]
    [InlineData("?status=6xx", "status `6xx`")]
    [InlineData("?status=ok", "status `ok`")]
    [InlineData("?since=yesterday", "since `yesterday`")]
    public async Task AdminRequests_BadParameter_Answers400NamingIt(string query, string expected)
    {
        using var response = await LedgerApi.SendAsync(_harness.Gateway, HttpMethod.Get, "/admin/requests" + query, Key);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains(expected, body, StringComparison.Ordinal);
        Assert.Contains("invalid_query", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/admin/requests")]
    [InlineData("/admin/requests/some-id")]
    public async Task AdminRequests_WithoutGatewayKey_Answers401(string path)
    {
        using var none = await LedgerApi.SendAsync(_harness.Gateway, HttpMethod.Get, path, key: null);
        using var wrong = await LedgerApi.SendAsync(_harness.Gateway, HttpMethod.Get, path, "wrong");

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
    }
}
