using System.Net;
using System.Text;
using RoutingCluster.Gateway.Tests.Support;
using RoutingCluster.Testing;
using Xunit;

namespace RoutingCluster.Gateway.Tests.Forwarding;

/// <summary>
/// An upstream stream whose first event never ends is cut at <c>limits.sseEventMaxBytes</c> and counts
/// as a failure before the first byte: the route fails over, or answers 502 when no candidate is left.
/// </summary>
public sealed class OversizedEventTests : IAsyncLifetime
{
    private const long HugeEvent = 32L * 1024 * 1024;
    private GatewayHarness _harness = null!;

    public async Task InitializeAsync() =>
        _harness = await GatewayHarness.StartAsync(["key-a", "key-b"], upstream => upstream.SimpleYaml(extra: "limits: { sseEventMaxBytes: 64KiB }"));

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task Stream_FirstEventOverTheCap_FailsOverToTheNextKey()
    {
        _harness.Mock.Enqueue(_harness.Upstream.KeyOf("key-a"), MockReply.OversizedEvent(HugeEvent));
        _harness.Mock.Enqueue(_harness.Upstream.KeyOf("key-b"), MockReply.Ok("safe", chunks: 1));

        using var response = await SendStreamAsync();
        using var reader = new SseReader(await response.Content.ReadAsStreamAsync());
        var events = await reader.ReadAllDataAsync().WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("key-b", response.Headers.GetValues("x-routing-credential").Single());
        Assert.Equal("2", response.Headers.GetValues("x-routing-attempts").Single());
        Assert.Contains(events, e => e.Contains("safe", StringComparison.Ordinal));
        Assert.Equal("[DONE]", events[^1]);
    }

    [Fact]
    public async Task Stream_FirstEventOverTheCapOnEveryCandidate_502()
    {
        _harness.Mock.Enqueue(_harness.Upstream.KeyOf("key-a"), MockReply.OversizedEvent(HugeEvent));
        _harness.Mock.Enqueue(_harness.Upstream.KeyOf("key-b"), MockReply.OversizedEvent(HugeEvent));

        using var response = await SendStreamAsync();
        var body = await response.Content.ReadAsStringAsync().WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal(2, _harness.Mock.Requests.Count);
        Assert.Contains("sseEventMaxBytes", body, StringComparison.Ordinal);
    }

    private async Task<HttpResponseMessage> SendStreamAsync()
    {
        const string Body = """{"model":"default","stream":true,"messages":[{"role":"user","content":"go"}]}""";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = new StringContent(Body, Encoding.UTF8, "application/json") };
        return await _harness.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }
}
