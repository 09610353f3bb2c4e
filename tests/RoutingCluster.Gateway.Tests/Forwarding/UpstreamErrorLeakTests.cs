using System.Net;
using RoutingCluster.Gateway.Tests.Support;
using RoutingCluster.Testing;
using Xunit;

namespace RoutingCluster.Gateway.Tests.Forwarding;

/// <summary>
/// An upstream 400 that quotes the provider key (whole, or a prefix of it) is rebuilt with the key
/// masked: the canary reaches neither client door, nor the gateway's log (a real process, every
/// category at Debug), nor the ledger.
/// </summary>
public sealed class UpstreamErrorLeakTests : IAsyncLifetime
{
    private readonly string _canary = $"canary{Guid.NewGuid():N}";
    private GatewayHarness _harness = null!;
    private TestSecret _openAiKey = null!;
    private TestSecret _anthropicKey = null!;

    public async Task InitializeAsync()
    {
        _harness = await GatewayHarness.StartMockAsync([]);
        _openAiKey = _harness.SetSecret($"sk-oa-{_canary}");
        _anthropicKey = _harness.SetSecret($"sk-ant-{_canary}");
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    private static string Quoting(string key) =>
        $$$"""{"error":{"message":"Incorrect API key provided: {{{key}}}. You passed {{{key[..14]}}} in x-api-key.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}""";

    [Fact]
    public async Task UpstreamQuotesTheKey_NoAnswerLogLineOrLedgerRecordHoldsIt()
    {
        var config = await _harness.WriteConfigAsync(
            $$"""
            providers:
              - { id: oa, protocol: openai-chat, baseUrl: "{{_harness.Mock.OpenAiBaseUrl}}" }
              - { id: an, protocol: anthropic-messages, baseUrl: "{{_harness.Mock.AnthropicBaseUrl}}" }
            credentials:
              - { id: oa-1, provider: oa, apiKey: "{{_openAiKey.Reference}}" }
              - { id: an-1, provider: an, apiKey: "{{_anthropicKey.Reference}}" }
            models:
              - { id: gpt-up, provider: oa, upstreamModel: gpt-upstream-1, contextWindow: 200000 }
              - { id: claude-up, provider: an, upstreamModel: claude-upstream-1, contextWindow: 200000, maxOutput: 8192 }
            roles:
              default: { chain: [ { model: gpt-up } ] }
              anthropic: { chain: [ { model: claude-up } ] }
            """);
        var gateway = _harness.Own(await GatewayProcess.StartAsync(config, "--Logging:LogLevel:Default=Debug"));
        _harness.Mock.Enqueue(_openAiKey.Value, MockReply.Status(400, Quoting(_openAiKey.Value)));
        _harness.Mock.Enqueue(_anthropicKey.Value, MockReply.Status(400, Quoting(_anthropicKey.Value)));
        _harness.Mock.Enqueue(_anthropicKey.Value, MockReply.Status(400, Quoting(_anthropicKey.Value)));

        var answers = new List<string>();
        foreach (var (path, body, anthropic) in new[]
        {
            ("/v1/chat/completions", ChatRequests.Body(model: "default"), false),
            ("/v1/chat/completions", ChatRequests.Body(model: "anthropic"), false),
            ("/v1/messages", AnthropicRequests.Body(model: "anthropic"), true),
        })
        {
            using var response = await gateway.Http.PostAsync(path, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
            var text = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("Incorrect API key provided: [redacted]", anthropic ? ErrorBodies.AssertAnthropic(text) : ErrorBodies.AssertOpenAi(text), StringComparison.Ordinal);
            answers.Add(text);
        }

        using var ledger = await gateway.Http.GetAsync("/admin/requests");
        answers.Add(await ledger.Content.ReadAsStringAsync());
        using var done = await gateway.Http.PostAsync("/v1/chat/completions", new StringContent(ChatRequests.Body(model: "default"), System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        await gateway.WaitForOutputAsync("status=200", TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.OK, ledger.StatusCode);
        Assert.Contains("upstream answered 400", answers[^1], StringComparison.Ordinal);
        Assert.All(answers, text => Assert.DoesNotContain(_canary, text, StringComparison.Ordinal));
        Assert.All(gateway.Output, line => Assert.DoesNotContain(_canary, line, StringComparison.Ordinal));
    }
}
