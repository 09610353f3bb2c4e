using System.Net;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.DependencyInjection;
using RoutingCluster.Cluster;
using RoutingCluster.Gateway.Fleet;
using RoutingCluster.Gateway.Tests.Support;
using RoutingCluster.Testing;
using Xunit;

namespace RoutingCluster.Gateway.Tests.Cluster;

/// <summary>
/// Three gateway nodes (each its own HTTP server and store instance) sharing one PostgreSQL
/// database: a key's limits, cooldowns and breaker hold across all of them. The nodes share one
/// fake clock, so windows and cooldowns move only when the test says.
/// </summary>
public sealed class SharedLimitTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);
    private readonly FakeTimeProvider _time = new();
    private GatewayHarness _harness = null!;
    private ClusterConfig _cluster = null!;

    public async Task InitializeAsync()
    {
        _harness = await GatewayHarness.StartMockAsync(["key-a", "key-b"], _time);
        _cluster = await _harness.CreateClusterAsync();
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task Post_WindowLimitOfferedThreeTimesOverAcrossNodes_AdmitsExactlyTheLimitPerWindow()
    {
        using var single = new UpstreamConfig(_harness.Mock, "solo");
        await StartNodesAsync(single.SimpleYaml(limits: "{ windows: [ { span: 10s, requests: 50 } ] }", extra: _cluster.StoreYaml()));

        for (var window = 0; window < 2; window++)
        {
            var statuses = await Task.WhenAll(Enumerable.Range(0, 150).Select(i => PostAsync(_harness.Gateways[i % 3], $"window {window} request {i}")));

            Assert.Equal(50, statuses.Count(s => s == HttpStatusCode.OK));
            Assert.Equal(100, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
            Assert.Equal(50 * (window + 1), _harness.Mock.CountFor(single.KeyOf("solo")));
            _time.Advance(TimeSpan.FromSeconds(11));
        }
    }

    [Fact]
    public async Task Stream_ConcurrencyLimitAcrossNodes_NeverMoreInFlightThanTheLimit()
    {
        using var single = new UpstreamConfig(_harness.Mock, "solo");
        await StartNodesAsync(single.SimpleYaml(limits: "{ concurrency: 3 }", extra: _cluster.StoreYaml()));

        // While three nodes join, the key's grain may briefly have two activations: the one that loses
        // the write refuses with 503 ("try another"), and the one after it holds every slot for unknown
        // leases until each node has said what it holds (its next fleet refresh, every
        // FleetWatcher.RefreshInterval of real time). The burst below is about the limit once the grain
        // is settled, so each node is first served once, asking again until it is (within the bound).
        foreach (var node in _harness.Gateways)
        {
            await Bounded.UntilAsync(async () => await PostAsync(node, "warm-up") == HttpStatusCode.OK, "the node to get the key's grain to admit", Bound);

            // Its settle runs after the answer: the slot is back once the grain has it.
            await node.Services.GetRequiredService<BackgroundSettles>().WhenIdleAsync().WaitAsync(Bound);
        }

        var warmUps = _harness.Mock.CountFor(single.KeyOf("solo"));
        var gate = new MockGate();
        _harness.Mock.SetDefault(single.KeyOf("solo"), MockReply.Ok("long answer", chunks: 2).WithGateAfterFirstChunk(gate));

        var streams = await Task.WhenAll(Enumerable.Range(0, 9).Select(i => OpenStreamAsync(_harness.Gateways[i % 3], $"stream {i}")));
        try
        {
            var statuses = string.Join(", ", streams.Select(s => (int)s.StatusCode));
            Assert.True(streams.Count(s => s.StatusCode == HttpStatusCode.OK) == 3, $"3 of the 9 streams should be admitted; statuses {statuses}");
            Assert.True(streams.Count(s => s.StatusCode == HttpStatusCode.TooManyRequests) == 6, $"6 of the 9 streams should get 429; statuses {statuses}");
            Assert.True(_harness.Mock.MaxInFlightFor(single.KeyOf("solo")) == 3,
                $"max in flight at the upstream {_harness.Mock.MaxInFlightFor(single.KeyOf("solo"))}, not 3; the mock saw {_harness.Mock.Requests.Count} requests, "
                + $"{_harness.Mock.Requests.Count(r => r.ApiKey == single.KeyOf("solo"))} with solo's key, paths {string.Join(", ", _harness.Mock.Requests.Select(r => r.Path).Distinct())}");
            gate.Release();
            foreach (var open in streams.Where(s => s.StatusCode == HttpStatusCode.OK))
            {
                var body = await open.Content.ReadAsStringAsync().WaitAsync(Bound);
                Assert.EndsWith("data: [DONE]\n\n", body, StringComparison.Ordinal);
            }

            // The streams' settles run after their answers (settling never holds a response): a slot
            // is free again as soon as the grain has the settle.
            for (var tries = 0; await PostAsync(_harness.Gateways[2], "after the streams") != HttpStatusCode.OK; tries++)
            {
                Assert.True(tries < 100, "no slot came back after the streams ended");
            }

            Assert.Equal(warmUps + 4, _harness.Mock.CountFor(single.KeyOf("solo")));
        }
        finally
        {
            gate.Release();
            foreach (var stream in streams)
            {
                stream.Dispose();
            }
        }
    }

    [Fact]
    public async Task Post_429SeenThroughOneNode_NoNodeSendsToThatKeyUntilReset()
    {
        await StartNodesAsync(_harness.Upstream.SimpleYaml(extra: _cluster.StoreYaml()));
        var keyA = _harness.Upstream.KeyOf("key-a");
        _harness.Mock.Enqueue(keyA, MockReply.RateLimited(TimeSpan.FromSeconds(30)));

        Assert.Equal("key-b", await ServedByAsync(_harness.Gateways[0]));
        Assert.Equal("key-b", await ServedByAsync(_harness.Gateways[1]));
        Assert.Equal("key-b", await ServedByAsync(_harness.Gateways[2]));
        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal("key-b", await ServedByAsync(_harness.Gateways[1]));
        Assert.Equal(1, _harness.Mock.CountFor(keyA));

        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal("key-a", await ServedByAsync(_harness.Gateways[2]));
        Assert.Equal(2, _harness.Mock.CountFor(keyA));
    }

    [Fact]
    public async Task Post_BreakerOpenedThroughOneNode_OthersSkipAndHalfOpenLetsOneProbeThroughClusterWide()
    {
        // Two providers (one key each) so that only the credential's breaker is at stake, not the provider's.
        var yaml = $$"""
            providers:
            {{_harness.Upstream.ProviderYaml("up-a")}}
            {{_harness.Upstream.ProviderYaml("up-b")}}
            credentials:
              - { id: key-a, provider: up-a, apiKey: "{{_harness.Upstream.ReferenceOf("key-a")}}" }
              - { id: key-b, provider: up-b, apiKey: "{{_harness.Upstream.ReferenceOf("key-b")}}" }
            models:
              - { id: m-a, provider: up-a, upstreamModel: up-model-1, contextWindow: 16000 }
              - { id: m-b, provider: up-b, upstreamModel: up-model-1, contextWindow: 16000 }
            roles:
              default:
                chain:
                  - { models: [m-a, m-b], strategy: priority }
            {{_cluster.StoreYaml()}}
            """;
        await StartNodesAsync(yaml);
        var keyA = _harness.Upstream.KeyOf("key-a");
        _harness.Mock.SetDefault(keyA, MockReply.ServerError(500));
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal("key-b", await ServedByAsync(_harness.Gateways[0]));
        }

        Assert.Equal("key-b", await ServedByAsync(_harness.Gateways[1]));
        Assert.Equal("key-b", await ServedByAsync(_harness.Gateways[2]));
        Assert.Equal(5, _harness.Mock.CountFor(keyA));

        _time.Advance(TimeSpan.FromSeconds(31));
        var probeGate = new MockGate();
        _harness.Mock.SetDefault(keyA, MockReply.Ok("healthy again").WithFirstByteGate(probeGate));
        var probe = ServedByAsync(_harness.Gateways[0]);
        await probeGate.Reached.WaitAsync(Bound);
        var during = await Task.WhenAll(ServedByAsync(_harness.Gateways[1]), ServedByAsync(_harness.Gateways[2]), ServedByAsync(_harness.Gateways[1]));
        Assert.All(during, served => Assert.Equal("key-b", served));
        Assert.Equal(6, _harness.Mock.CountFor(keyA));

        probeGate.Release();
        Assert.Equal("key-a", await probe.WaitAsync(Bound));

        // The probe's settle closes the breaker after its answer is complete (settling never holds a
        // response): another node serves through key-a again as soon as the grain has it.
        for (var tries = 0; await ServedByAsync(_harness.Gateways[2]) != "key-a"; tries++)
        {
            Assert.True(tries < 100, "key-a never served again after its probe succeeded");
        }

        Assert.Equal(7, _harness.Mock.CountFor(keyA));
    }

    /// <summary>Three nodes, and a wait (bounded) until each sees all three active, so no test starts mid-join.</summary>
    private async Task StartNodesAsync(string yaml)
    {
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

    private static async Task<HttpStatusCode> PostAsync(TestGateway node, string content)
    {
        using var response = await node.Http.PostAsync("/v1/chat/completions", Json(content, stream: false));
        return response.StatusCode;
    }

    private static async Task<string?> ServedByAsync(TestGateway node)
    {
        using var response = await node.Http.PostAsync("/v1/chat/completions", Json("which key?", stream: false));
        response.EnsureSuccessStatusCode();
        return response.Headers.GetValues("x-routing-credential").Single();
    }

    private static Task<HttpResponseMessage> OpenStreamAsync(TestGateway node, string content) =>
        node.Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = Json(content, stream: true) },
            HttpCompletionOption.ResponseHeadersRead);

    private static StringContent Json(string content, bool stream) => new(
        $$"""{"model":"default","stream":{{(stream ? "true" : "false")}},"messages":[{"role":"user","content":"{{content}}"}]}""",
        Encoding.UTF8, "application/json");
}
