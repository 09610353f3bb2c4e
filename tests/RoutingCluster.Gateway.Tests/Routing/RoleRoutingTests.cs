using System.Text;
using RoutingCluster.Gateway.Tests.Support;
using Xunit;

namespace RoutingCluster.Gateway.Tests.Routing;

/// <summary>How a request's role is chosen, end to end: header, explicit names, rules.</summary>
public sealed class RoleRoutingTests : IAsyncLifetime
{
    private GatewayHarness _harness = null!;

    public async Task InitializeAsync()
    {
        _harness = await GatewayHarness.StartMockAsync(["key-a"]);
        var yaml = $$"""
            providers:
            {{_harness.Upstream.ProviderYaml()}}
            credentials:
            {{_harness.Upstream.CredentialsYaml()}}
            models:
              - { id: small, provider: up, upstreamModel: small-1, contextWindow: 100000 }
              - { id: large, provider: up, upstreamModel: large-1, contextWindow: 200000, capabilities: [thinking] }
              - { id: huge, provider: up, upstreamModel: huge-1, contextWindow: 1000000 }
            roles:
              default: { chain: [ { model: large } ] }
              background: { chain: [ { model: small } ] }
              think: { chain: [ { model: large } ] }
              longContext: { chain: [ { model: huge } ] }
            aliases:
              quick: background
              big: huge
            routing:
              defaultRole: default
              rules:
                - { when: { modelMatches: "*haiku*" }, role: background }
                - { when: { thinking: true }, role: think }
                - { when: { estimatedTokensOver: 1000 }, role: longContext }
                - { when: { modelMatches: "claude-*" }, role: default }
            """;
        await _harness.StartGatewayAsync(yaml);
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Theory]
    [InlineData("claude-3-5-haiku-latest", "", null, "background", "rule 1", "small-1")]
    [InlineData("claude-sonnet-4", ",\"reasoning_effort\":\"high\"", null, "think", "rule 2", "large-1")]
    [InlineData("claude-sonnet-4", "", null, "default", "rule 4", "large-1")]
    [InlineData("quick", "", null, "background", "alias quick", "small-1")]
    [InlineData("big", "", null, "model:huge", "alias big", "huge-1")]
    [InlineData("small", ",\"reasoning_effort\":\"high\"", null, "model:small", "model", "small-1")]
    [InlineData("background", ",\"reasoning_effort\":\"high\"", null, "background", "role", "small-1")]
    [InlineData("claude-3-5-haiku-latest", "", "think", "think", "header", "large-1")]
    [InlineData("gpt-5-codex", "", null, "default", "default", "large-1")]
    public async Task Post_RoleChosenByPrecedence(string model, string extra, string? header, string role, string reason, string upstreamModel)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent($$"""{"model":"{{model}}"{{extra}},"messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"),
        };
        if (header is not null)
        {
            request.Headers.Add("x-routing-role", header);
        }

        using var response = await _harness.Http.SendAsync(request);

        response.EnsureSuccessStatusCode();
        Assert.Equal(role, response.Headers.GetValues("x-routing-role").Single());
        Assert.Equal(reason, response.Headers.GetValues("x-routing-role-reason").Single());
        Assert.Equal(upstreamModel, Assert.Single(_harness.Mock.Requests).Model);
    }

    [Fact]
    public async Task Post_LongPromptUnderUnknownModelName_GoesToLongContext()
    {
        var prompt = new string('y', 8000);
        using var response = await _harness.Http.PostAsync("/v1/chat/completions", new StringContent(
            $$"""{"model":"some-agent-model","messages":[{"role":"user","content":"{{prompt}}"}]}""", Encoding.UTF8, "application/json"));

        response.EnsureSuccessStatusCode();
        Assert.Equal("longContext", response.Headers.GetValues("x-routing-role").Single());
        Assert.Equal("huge-1", Assert.Single(_harness.Mock.Requests).Model);
    }
}
