using System.Text;
using RoutingCluster.Gateway.Tests.Support;
using RoutingCluster.Testing;
using Xunit;

namespace RoutingCluster.Gateway.Tests.Forwarding;

/// <summary>Streams flow event by event; after the first byte there is no failover, only an in-band error.</summary>
public sealed class StreamingForwardTests : IAsyncLifetime
{
    private GatewayHarness _harness = null!;

    public async Task InitializeAsync() =>
        _harness = await GatewayHarness.StartAsync(["key-a", "key-b"], upstream => upstream.SimpleYaml());

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task Stream_UpstreamHoldsRestBack_ClientAlreadyHasFirstChunk()
    {
        var gate = new MockGate();
        _harness.Mock.Enqueue(_harness.Upstream.KeyOf("key-a"), MockReply.Ok("alpha beta gamma", chunks: 3).WithGateAfterFirstChunk(gate));

        using var response = await SendStreamAsync();
        using var reader = new SseReader(await response.Content.ReadAsStreamAsync());
        var first = await reader.ReadDataAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.False(gate.IsReleased);
        Assert.Contains("\"role\":\"assistant\"", first, StringComparison.Ordinal);
        gate.Release();
        var rest = await reader.ReadAllDataAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("[DONE]", rest[^1]);
    }

    [Fact]
    public async Task Stream_UpstreamBreaksAfterFirstByte_EndsWithErrorEventAndNoRetry()
    {
        _harness.Mock.Enqueue(_harness.Upstream.KeyOf("key-a"), MockReply.ResetMidStream(afterChunks: 2));

        using var response = await SendStreamAsync();
        using var reader = new SseReader(await response.Content.ReadAsStreamAsync());
        var events = await reader.ReadAllDataAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, events.Count);
        Assert.Contains("\"code\":\"stream_interrupted\"", events[^1], StringComparison.Ordinal);
        Assert.DoesNotContain("[DONE]", events);
        Assert.Single(_harness.Mock.Requests);
    }

    [Fact]
    public async Task Stream_UpstreamResetsBeforeFirstEvent_FailsOverToNextKey()
    {
        _harness.Mock.Enqueue(_harness.Upstream.KeyOf("key-a"), MockReply.ResetMidStream(afterChunks: 0));
        _harness.Mock.Enqueue(_harness.Upstream.KeyOf("key-b"), MockReply.Ok("safe", chunks: 1));

        using var response = await SendStreamAsync();
        using var reader = new SseReader(await response.Content.ReadAsStreamAsync());
        var events = await reader.ReadAllDataAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("key-b", response.Headers.GetValues("x-routing-credential").Single());
        Assert.Equal("[DONE]", events[^1]);
        Assert.Equal(2, _harness.Mock.Requests.Count);
    }

    [Fact]
    public async Task Stream_ClientDidNotAskForUsage_UsageChunkIsNotForwarded()
    {
        using var response = await SendStreamAsync();
        using var reader = new SseReader(await response.Content.ReadAsStreamAsync());
        var events = await reader.ReadAllDataAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(Assert.Single(_harness.Mock.Requests).IncludeUsage);
        Assert.DoesNotContain(events, e => e.Contains("\"prompt_tokens\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stream_ClientAskedForUsage_UsageChunkIsForwarded()
    {
        using var response = await SendStreamAsync(includeUsage: true);
        using var reader = new SseReader(await response.Content.ReadAsStreamAsync());
        var events = await reader.ReadAllDataAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Contains(events, e => e.Contains("\"prompt_tokens\"", StringComparison.Ordinal));
    }

    private async Task<HttpResponseMessage> SendStreamAsync(bool includeUsage = false)
    {
        var options = includeUsage ? ""","stream_options":{"include_usage":true}""" : "";
        var body = $$"""{"model":"default","stream":true{{options}},"messages":[{"role":"user","content":"go"}]}""";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        return await _harness.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }
}
