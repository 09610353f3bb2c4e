using System.ClientModel;
using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OpenAI.Chat;
using RoutingCluster.Cluster;
using RoutingCluster.Gateway.Tests.Support;
using RoutingCluster.Testing;
using Xunit;

namespace RoutingCluster.Gateway.Tests.Cluster;

/// <summary>
/// Bring-your-own keys under load across three clustered nodes (three silos on one PostgreSQL):
/// a pooled key runs out of its window while two tenants' own keys have room, and still no owned key
/// ever serves a request of another tenant. The official OpenAI SDK is the client.
/// </summary>
public sealed class OwnedKeyClusterTests : IAsyncLifetime
{
    private const int RequestsPerTenant = 45;
    private const int PooledLimit = 30;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);
    private static readonly string[] Tenants = ["acme", "beta", "plain"];

    private readonly FakeTimeProvider _time = new();
    private readonly Dictionary<string, TestSecret> _keys = [];
    private GatewayHarness _harness = null!;

    public async Task InitializeAsync()
    {
        _harness = await GatewayHarness.StartMockAsync(["pool", "acme-own", "beta-own"], _time);
        var cluster = await _harness.CreateClusterAsync();
        foreach (var tenant in Tenants)
        {
            _keys[tenant] = _harness.SetSecret($"gw-{tenant}-{Guid.NewGuid():N}");
        }

        var up = _harness.Upstream;
        var yaml = $$"""
            providers:
            {{up.ProviderYaml()}}
            credentials:
              - { id: pool, provider: up, apiKey: "{{up.ReferenceOf("pool")}}", limits: { windows: [ { span: 60s, requests: {{PooledLimit}} } ] } }
              - { id: acme-own, provider: up, apiKey: "{{up.ReferenceOf("acme-own")}}", owner: acme }
              - { id: beta-own, provider: up, apiKey: "{{up.ReferenceOf("beta-own")}}", owner: beta }
            models:
              - { id: m1, provider: up, upstreamModel: up-model-1, contextWindow: 16000 }
            roles:
              default: { chain: [ { models: [m1], strategy: priority } ] }
            tenants:
              - { id: acme, keys: [{ id: acme-key, secret: "{{_keys["acme"].Reference}}" }] }
              - { id: beta, keys: [{ id: beta-key, secret: "{{_keys["beta"].Reference}}" }], byok: never }
              - { id: plain, keys: [{ id: plain-key, secret: "{{_keys["plain"].Reference}}" }] }
            {{cluster.StoreYaml()}}
            """;
        for (var i = 1; i <= 3; i++)
        {
            await _harness.StartGatewayAsync(yaml, "--node-id", $"node-{i}");
        }

        var started = TimeProvider.System.GetTimestamp();
        foreach (var node in _harness.Gateways)
        {
            while ((await node.Services.GetRequiredService<IClusterView>().ListNodesAsync()).Count(n => n.Status == "active") < 3)
            {
                Assert.True(TimeProvider.System.GetElapsedTime(started) < Bound, "the three nodes did not all become active");
                await Task.Yield();
            }
        }
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task Load_PooledKeyRunsDryAcrossNodes_OwnedKeysServeOnlyTheirTenants()
    {
        // Every tenant's requests spread over the three nodes, 12 at a time; each names its tenant so the mock's log tells them apart.
        var outcomes = new ConcurrentBag<(string Tenant, int Status)>();
        var work = Enumerable.Range(0, RequestsPerTenant).SelectMany(i => Tenants.Select(t => (Tenant: t, Index: i))).ToList();
        await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = 12 }, async (item, _) =>
        {
            var chat = _harness.Gateways[item.Index % 3].OpenAiChat("default", _keys[item.Tenant].Value);
            try
            {
                await chat.CompleteChatAsync([new UserChatMessage($"tenant {item.Tenant} request {item.Index}")]);
                outcomes.Add((item.Tenant, 200));
            }
            catch (ClientResultException refused)
            {
                outcomes.Add((item.Tenant, refused.Status));
            }
        });

        var requests = _harness.Mock.Requests;
        Assert.All(requests.Where(r => r.ApiKey == Key("acme-own")), r => Assert.Contains("tenant acme ", r.Body, StringComparison.Ordinal));
        Assert.All(requests.Where(r => r.ApiKey == Key("beta-own")), r => Assert.Contains("tenant beta ", r.Body, StringComparison.Ordinal));
        Assert.All(requests.Where(r => r.Body.Contains("tenant plain ", StringComparison.Ordinal)), r => Assert.Equal(Key("pool"), r.ApiKey));

        // acme (byok first) used only its own key; beta (byok never) ranked both in the strategy's order, the pool first, and moved to its own once the pool ran dry.
        Assert.All(outcomes.Where(o => o.Tenant is "acme" or "beta"), o => Assert.Equal(200, o.Status));
        Assert.Equal(RequestsPerTenant, _harness.Mock.CountFor(Key("acme-own")));
        Assert.InRange(_harness.Mock.CountFor(Key("beta-own")), 1, RequestsPerTenant - 1);

        // The pool admitted exactly its window across the nodes; plain had nowhere else to go.
        Assert.Equal(PooledLimit, _harness.Mock.CountFor(Key("pool")));
        var plain = outcomes.Where(o => o.Tenant == "plain").ToList();
        Assert.Equal(RequestsPerTenant, plain.Count);
        Assert.All(plain, o => Assert.Contains(o.Status, new[] { 200, 429 }));
        Assert.Equal(PooledLimit - (RequestsPerTenant - _harness.Mock.CountFor(Key("beta-own"))), plain.Count(o => o.Status == 200));
    }

    private string Key(string credentialId) => _harness.Upstream.KeyOf(credentialId);
}
