using System.ClientModel;
using System.Net;
using System.Text;
using OpenAI.Chat;
using RoutingCluster.Gateway.Tests.Support;
using RoutingCluster.Testing;
using Xunit;

namespace RoutingCluster.Gateway.Tests.Forwarding;

/// <summary>Failover across credentials before the first byte, cooldowns and rotation, end to end over loopback.</summary>
public sealed class FailoverTests : IAsyncLifetime
{
    private GatewayHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await GatewayHarness.StartMockAsync(["key-a", "key-b"]);

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    public static TheoryData<string> FailoverFaults => ["429", "500", "503", "reset"];

    [Theory]
    [MemberData(nameof(FailoverFaults))]
    public async Task CompleteChat_FirstKeyFailsBeforeFirstByte_FallsBackToSecondKey(string fault)
    {
        var gateway = await _harness.StartGatewayAsync(_harness.Upstream.SimpleYaml());
        _harness.Mock.Enqueue(_harness.Upstream.KeyOf("key-a"), fault switch
        {
            "429" => MockReply.RateLimited(TimeSpan.FromSeconds(30)),
            "500" => MockReply.ServerError(500),
            "503" => MockReply.ServerError(503),
            _ => MockReply.ResetBeforeHeaders(),
        });
        _harness.Mock.Enqueue(_harness.Upstream.KeyOf("key-b"), MockReply.Ok("from b"));

        var result = await gateway.OpenAiChat("default").CompleteChatAsync([new UserChatMessage("hi")]);

        Assert.Equal("from b", result.Value.Content[0].Text);
        var headers = result.GetRawResponse().Headers;
        Assert.True(headers.TryGetValue("x-routing-credential", out var credential));
        Assert.Equal("key-b", credential);
        Assert.True(headers.TryGetValue("x-routing-attempts", out var attempts));
        Assert.Equal("2", attempts);
        Assert.Equal([_harness.Upstream.KeyOf("key-a"), _harness.Upstream.KeyOf("key-b")], _harness.Mock.Requests.Select(r => r.ApiKey));
    }

    [Fact]
    public async Task CompleteChat_ClientErrorBodyOverItsLimit_NotPassedBackButCountedAsUpstreamFailure()
    {
        var gateway = await _harness.StartGatewayAsync(_harness.Upstream.SimpleYaml());
        var oversized = $$$"""{"error":{"message":"{{{new string('x', 70 * 1024)}}}","type":"invalid_request_error"}}""";
        _harness.Mock.Enqueue(_harness.Upstream.KeyOf("key-a"), MockReply.Status(400, oversized));
        _harness.Mock.Enqueue(_harness.Upstream.KeyOf("key-b"), MockReply.Ok("from b"));

        var result = await gateway.OpenAiChat("default").CompleteChatAsync([new UserChatMessage("hi")]);

        Assert.Equal("from b", result.Value.Content[0].Text);
        Assert.True(result.GetRawResponse().Headers.TryGetValue("x-routing-attempts", out var attempts));
        Assert.Equal("2", attempts);
    }

    [Fact]
    public async Task CompleteChat_KeyAnswered429_IsSkippedUntilItsResetThenUsedAgain()
    {
        var gateway = await _harness.StartGatewayAsync(_harness.Upstream.SimpleYaml());
        var keyA = _harness.Upstream.KeyOf("key-a");
        _harness.Mock.Enqueue(keyA, MockReply.RateLimited(TimeSpan.FromSeconds(30)));
        var chat = gateway.OpenAiChat("default");

        await chat.CompleteChatAsync([new UserChatMessage("first")]);
        var second = await chat.CompleteChatAsync([new UserChatMessage("second")]);

        Assert.Equal(1, _harness.Mock.CountFor(keyA));
        Assert.True(second.GetRawResponse().Headers.TryGetValue("x-routing-attempts", out var attempts));
        Assert.Equal("1", attempts);

        gateway.Time.Advance(TimeSpan.FromSeconds(29));
        await chat.CompleteChatAsync([new UserChatMessage("still cooling")]);
        Assert.Equal(1, _harness.Mock.CountFor(keyA));

        gateway.Time.Advance(TimeSpan.FromSeconds(2));
        var after = await chat.CompleteChatAsync([new UserChatMessage("after reset")]);
        Assert.True(after.GetRawResponse().Headers.TryGetValue("x-routing-credential", out var credential));
        Assert.Equal("key-a", credential);
        Assert.Equal(2, _harness.Mock.CountFor(keyA));
    }

    [Fact]
    public async Task CompleteChat_RemainingRequestsZero_CoolsKeyDownUntilHeaderReset()
    {
        var gateway = await _harness.StartGatewayAsync(_harness.Upstream.SimpleYaml());
        var keyA = _harness.Upstream.KeyOf("key-a");
        _harness.Mock.Enqueue(keyA, MockReply.Ok("last one").WithRateLimitHeaders(remainingRequests: 0, resetRequests: "20s"));
        var chat = gateway.OpenAiChat("default");

        await chat.CompleteChatAsync([new UserChatMessage("one")]);
        var next = await chat.CompleteChatAsync([new UserChatMessage("two")]);

        Assert.True(next.GetRawResponse().Headers.TryGetValue("x-routing-credential", out var credential));
        Assert.Equal("key-b", credential);
        gateway.Time.Advance(TimeSpan.FromSeconds(21));
        var later = await chat.CompleteChatAsync([new UserChatMessage("three")]);
        Assert.True(later.GetRawResponse().Headers.TryGetValue("x-routing-credential", out credential));
        Assert.Equal("key-a", credential);
    }

    [Fact]
    public async Task CompleteChat_RoundRobin_RotatesAcrossKeys()
    {
        var gateway = await _harness.StartGatewayAsync(_harness.Upstream.SimpleYaml(strategy: "round-robin"));
        var chat = gateway.OpenAiChat("default");

        for (var i = 0; i < 4; i++)
        {
            await chat.CompleteChatAsync([new UserChatMessage($"request {i}")]);
        }

        var keys = _harness.Mock.Requests.Select(r => r.ApiKey).ToList();
        Assert.Equal(2, _harness.Mock.CountFor(_harness.Upstream.KeyOf("key-a")));
        Assert.Equal(2, _harness.Mock.CountFor(_harness.Upstream.KeyOf("key-b")));
        Assert.NotEqual(keys[0], keys[1]);
        Assert.NotEqual(keys[2], keys[3]);
    }

    [Fact]
    public async Task CompleteChat_PriorityWithRpmLimit_SpillsToNextKeyWhenWindowSpent()
    {
        var gateway = await _harness.StartGatewayAsync(_harness.Upstream.SimpleYaml(limits: "{ rpm: 2 }"));
        var chat = gateway.OpenAiChat("default");

        var served = new List<string?>();
        for (var i = 0; i < 4; i++)
        {
            var result = await chat.CompleteChatAsync([new UserChatMessage($"request {i}")]);
            served.Add(result.GetRawResponse().Headers.TryGetValue("x-routing-credential", out var id) ? id : null);
        }

        Assert.Equal(["key-a", "key-a", "key-b", "key-b"], served);
        var limited = await Assert.ThrowsAsync<ClientResultException>(() => chat.CompleteChatAsync([new UserChatMessage("over")]));
        Assert.Equal(429, limited.Status);
        Assert.True(limited.GetRawResponse()!.Headers.TryGetValue("retry-after", out var retryAfter));
        Assert.InRange(int.Parse(retryAfter!, System.Globalization.CultureInfo.InvariantCulture), 1, 62);
        Assert.Equal(4, _harness.Mock.Requests.Count);
    }

    [Fact]
    public async Task CompleteChat_EveryKeyFails_Answers502NamingEachAttempt()
    {
        var gateway = await _harness.StartGatewayAsync(_harness.Upstream.SimpleYaml());
        _harness.Mock.SetDefault(_harness.Upstream.KeyOf("key-a"), MockReply.ServerError(500));
        _harness.Mock.SetDefault(_harness.Upstream.KeyOf("key-b"), MockReply.ResetBeforeHeaders());

        using var response = await gateway.Http.PostAsync("/v1/chat/completions", Json("""{"model":"default","messages":[{"role":"user","content":"hi"}]}"""));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"code\":\"upstream_failed\"", body, StringComparison.Ordinal);
        Assert.Contains("m1 via key-a: upstream answered 500", body, StringComparison.Ordinal);
        Assert.Contains("m1 via key-b: connection failed", body, StringComparison.Ordinal);
        Assert.DoesNotContain(_harness.Upstream.KeyOf("key-a"), body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompleteChat_UpstreamRejectsKeyWith401_DisablesThatKeyAndFailsOver()
    {
        var gateway = await _harness.StartGatewayAsync(_harness.Upstream.SimpleYaml());
        var keyA = _harness.Upstream.KeyOf("key-a");
        _harness.Mock.Enqueue(keyA, MockReply.Status(401, $$$"""{"error":{"message":"Incorrect API key provided: {{{keyA}}}","type":"invalid_request_error","code":"invalid_api_key"}}"""));
        var chat = gateway.OpenAiChat("default");

        var first = await chat.CompleteChatAsync([new UserChatMessage("one")]);
        gateway.Time.Advance(TimeSpan.FromHours(1));
        await chat.CompleteChatAsync([new UserChatMessage("two")]);

        Assert.True(first.GetRawResponse().Headers.TryGetValue("x-routing-credential", out var credential));
        Assert.Equal("key-b", credential);
        Assert.Equal(1, _harness.Mock.CountFor(keyA));
    }

    [Fact]
    public async Task CompleteChat_ClientErrorFromUpstream_IsPassedThroughWithoutFailover()
    {
        var gateway = await _harness.StartGatewayAsync(_harness.Upstream.SimpleYaml());
        _harness.Mock.Enqueue(_harness.Upstream.KeyOf("key-a"), MockReply.Status(400, """{"error":{"message":"temperature must be <= 2","type":"invalid_request_error","param":"temperature","code":null}}"""));

        using var response = await gateway.Http.PostAsync("/v1/chat/completions", Json("""{"model":"default","temperature":5,"messages":[{"role":"user","content":"hi"}]}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("temperature must be <= 2", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Single(_harness.Mock.Requests);
    }

    [Fact]
    public async Task CompleteChat_NoFirstByteWithinAttemptTimeout_FailsOverToNextKey()
    {
        var yaml = _harness.Upstream.SimpleYaml(extra: "resilience: { attemptTimeout: 5s, requestTimeout: 60s }");
        var gateway = await _harness.StartGatewayAsync(yaml);
        var gate = new MockGate();
        _harness.Mock.Enqueue(_harness.Upstream.KeyOf("key-a"), MockReply.HoldFirstByte(gate));
        _harness.Mock.Enqueue(_harness.Upstream.KeyOf("key-b"), MockReply.Ok("from b"));

        var pending = gateway.OpenAiChat("default").CompleteChatAsync([new UserChatMessage("hi")]);
        await gate.Reached.WaitAsync(TimeSpan.FromSeconds(10));
        gateway.Time.Advance(TimeSpan.FromSeconds(6));
        var result = await pending.WaitAsync(TimeSpan.FromSeconds(10));
        gate.Release();

        Assert.Equal("from b", result.Value.Content[0].Text);
        Assert.True(result.GetRawResponse().Headers.TryGetValue("x-routing-attempts", out var attempts));
        Assert.Equal("2", attempts);
    }

    [Fact]
    public async Task CompleteChat_ContextTooSmallForFirstModel_SkipsToModelThatFits()
    {
        var yaml = $$"""
            providers:
            {{_harness.Upstream.ProviderYaml()}}
            credentials:
            {{_harness.Upstream.CredentialsYaml()}}
            models:
              - { id: tiny, provider: up, upstreamModel: tiny-1, contextWindow: 200 }
              - { id: roomy, provider: up, upstreamModel: roomy-1, contextWindow: 100000 }
            roles:
              default:
                chain:
                  - { model: tiny }
                  - { model: roomy }
            """;
        var gateway = await _harness.StartGatewayAsync(yaml);

        var result = await gateway.OpenAiChat("default").CompleteChatAsync([new UserChatMessage(new string('x', 4000))]);

        Assert.True(result.GetRawResponse().Headers.TryGetValue("x-routing-model", out var model));
        Assert.Equal("roomy", model);
        Assert.Equal("roomy-1", Assert.Single(_harness.Mock.Requests).Model);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
