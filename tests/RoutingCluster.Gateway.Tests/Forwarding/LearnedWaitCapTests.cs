using Microsoft.Extensions.DependencyInjection;
using RoutingCluster.Gateway.Fleet;
using RoutingCluster.Gateway.Tests.Ledger;
using RoutingCluster.Gateway.Tests.Support;
using RoutingCluster.Testing;
using Xunit;

namespace RoutingCluster.Gateway.Tests.Forwarding;

/// <summary>
/// The real gateway on loopback against the mock upstream: a 429 asking to wait until the year 9999
/// cools the key down for the provider's cap only, and the ledger shows what was asked and that it was capped.
/// </summary>
public sealed class LearnedWaitCapTests : IAsyncLifetime
{
    private const string Year9999 = "Fri, 31 Dec 9999 23:59:59 GMT";
    private static readonly DateTimeOffset Year9999Time = new(9999, 12, 31, 23, 59, 59, TimeSpan.Zero);
    private GatewayHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await GatewayHarness.StartMockAsync(["key-a", "key-b"]);

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task Post_429WithYear9999RetryAfter_KeyCoolsForOneHourAndLedgerShowsTheCap()
    {
        var gateway = await _harness.StartGatewayAsync(_harness.Upstream.SimpleYaml());
        var keyA = _harness.Upstream.KeyOf("key-a");
        _harness.Mock.Enqueue(keyA, MockReply.Status(429, null, ("retry-after", Year9999)));
        var now = _harness.Time.GetUtcNow();

        var id = await LedgerApi.ChatAsync(gateway, null);

        var state = gateway.Services.GetRequiredService<FleetView>().Credential("key-a");
        Assert.Equal(now + TimeSpan.FromHours(1), state.CooldownUntil);
        var record = await LedgerApi.RecordAsync(gateway, null, id);
        Assert.Equal("key-b", record.Credential);
        var limited = record.Attempts[0];
        Assert.Equal(("key-a", 429), (limited.Credential, limited.Status));
        Assert.Equal(now + TimeSpan.FromHours(1), limited.RetryAt);
        Assert.True(limited.WaitCapped);
        Assert.Equal(Year9999Time, limited.AskedRetryAt);
        Assert.False(record.Attempts[1].WaitCapped);
        Assert.Null(record.Attempts[1].AskedRetryAt);

        using var raw = await LedgerApi.SendAsync(gateway, HttpMethod.Get, $"/admin/requests/{id}", null);
        var json = await raw.Content.ReadAsStringAsync();
        Assert.Contains("\"waitCapped\":true,\"askedRetryAt\":\"9999-12-31T23:59:59+00:00\"", json, StringComparison.Ordinal);

        _harness.Time.Advance(TimeSpan.FromMinutes(59));
        await LedgerApi.ChatAsync(gateway, null);
        Assert.Equal(1, _harness.Mock.CountFor(keyA));
        _harness.Time.Advance(TimeSpan.FromMinutes(1));
        var again = await LedgerApi.RecordAsync(gateway, null, await LedgerApi.ChatAsync(gateway, null));
        Assert.Equal("key-a", again.Credential);
    }

    [Fact]
    public async Task Post_ProviderWithMaxLearnedWait30m_FarFutureResetCappedThere()
    {
        var upstream = _harness.Upstream;
        var yaml = $$"""
            providers:
            {{upstream.ProviderYaml()}}
                maxLearnedWait: 30m
            credentials:
            {{upstream.CredentialsYaml()}}
            models:
              - { id: m1, provider: up, upstreamModel: up-model-1, contextWindow: 16000 }
            roles:
              default: { chain: [ { models: [m1], strategy: priority } ] }
            """;
        var gateway = await _harness.StartGatewayAsync(yaml);
        _harness.Mock.Enqueue(upstream.KeyOf("key-a"),
            MockReply.Status(429, null, ("x-ratelimit-remaining-requests", "0"), ("x-ratelimit-reset-requests", "2999-01-01T00:00:00Z")));
        var now = _harness.Time.GetUtcNow();

        var record = await LedgerApi.RecordAsync(gateway, null, await LedgerApi.ChatAsync(gateway, null));

        var state = gateway.Services.GetRequiredService<FleetView>().Credential("key-a");
        Assert.Equal(now + TimeSpan.FromMinutes(30), state.CooldownUntil);
        Assert.Equal(now + TimeSpan.FromMinutes(30), record.Attempts[0].RetryAt);
        Assert.True(record.Attempts[0].WaitCapped);
        Assert.Equal(new DateTimeOffset(2999, 1, 1, 0, 0, 0, TimeSpan.Zero), record.Attempts[0].AskedRetryAt);
    }
}
