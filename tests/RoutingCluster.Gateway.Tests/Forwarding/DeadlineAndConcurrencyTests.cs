using System.Net;
using System.Text;
using RoutingCluster.Gateway.Tests.Support;
using RoutingCluster.Testing;
using Xunit;

namespace RoutingCluster.Gateway.Tests.Forwarding;

/// <summary>The whole-request deadline, and concurrency leases held for a stream's full length.</summary>
public sealed class DeadlineAndConcurrencyTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private GatewayHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await GatewayHarness.StartMockAsync(["key-a", "key-b"]);

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task Post_DeadlinePassesDuringSecondAttempt_Answers504NamingAttempts()
    {
        var gateway = await _harness.StartGatewayAsync(_harness.Upstream.SimpleYaml(extra: "resilience: { attemptTimeout: 8s, requestTimeout: 10s }"));
        var gateA = new MockGate();
        var gateB = new MockGate();
        _harness.Mock.Enqueue(_harness.Upstream.KeyOf("key-a"), MockReply.HoldFirstByte(gateA));
        _harness.Mock.Enqueue(_harness.Upstream.KeyOf("key-b"), MockReply.HoldFirstByte(gateB));

        var pending = gateway.Http.PostAsync("/v1/chat/completions", Json("""{"model":"default","messages":[{"role":"user","content":"hi"}]}"""));
        await gateA.Reached.WaitAsync(Bound);
        gateway.Time.Advance(TimeSpan.FromSeconds(8));
        await gateB.Reached.WaitAsync(Bound);
        gateway.Time.Advance(TimeSpan.FromSeconds(3));
        using var response = await pending.WaitAsync(Bound);
        gateA.Release();
        gateB.Release();

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"code\":\"deadline_exceeded\"", body, StringComparison.Ordinal);
        Assert.Contains("m1 via key-a: no first byte within 8s", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stream_ConcurrencyOneHeldByOpenStream_NextRequestGoesToOtherKeyUntilStreamEnds()
    {
        var gateway = await _harness.StartGatewayAsync(_harness.Upstream.SimpleYaml(limits: "{ concurrency: 1 }"));
        var gate = new MockGate();
        _harness.Mock.Enqueue(_harness.Upstream.KeyOf("key-a"), MockReply.Ok("long stream", chunks: 2).WithGateAfterFirstChunk(gate));

        using var stream = await gateway.Http.SendAsync(
            new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = Json("""{"model":"default","stream":true,"messages":[{"role":"user","content":"long"}]}""") },
            HttpCompletionOption.ResponseHeadersRead);
        using var reader = new SseReader(await stream.Content.ReadAsStreamAsync());
        await reader.ReadDataAsync().WaitAsync(Bound);

        using var during = await gateway.Http.PostAsync("/v1/chat/completions", Json("""{"model":"default","messages":[{"role":"user","content":"during"}]}"""));
        Assert.Equal("key-b", during.Headers.GetValues("x-routing-credential").Single());

        gate.Release();
        await reader.ReadAllDataAsync().WaitAsync(Bound);
        using var after = await gateway.Http.PostAsync("/v1/chat/completions", Json("""{"model":"default","messages":[{"role":"user","content":"after"}]}"""));
        Assert.Equal("key-a", after.Headers.GetValues("x-routing-credential").Single());
        Assert.Equal(1, _harness.Mock.MaxInFlightFor(_harness.Upstream.KeyOf("key-a")));
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
