using RoutingCluster.Testing;

namespace RoutingCluster.Gateway.Tests.Support;

/// <summary>
/// Gateway YAML with two providers on one <see cref="MockUpstream"/>: <c>oa</c> speaks OpenAI chat
/// (model <c>gpt-up</c>, keys <c>oa-1</c>, <c>oa-2</c>) and <c>an</c> speaks Anthropic messages
/// (model <c>claude-up</c>, keys <c>an-1</c>, <c>an-2</c>). Roles: <c>openai</c> and <c>anthropic</c>
/// over one protocol each, plus the Claude Code roles.
/// </summary>
public sealed class TwoProtocolConfig(UpstreamConfig keys)
{
    /// <summary>The credentials the YAML names; start the <see cref="UpstreamConfig"/> with these.</summary>
    public static readonly string[] CredentialIds = ["oa-1", "oa-2", "an-1", "an-2"];

    public MockUpstream Mock => Keys.Mock;

    public UpstreamConfig Keys { get; } = keys;

    public string KeyOf(string credentialId) => Keys.KeyOf(credentialId);

    public string Yaml(string extra = "") =>
        $$"""
        providers:
          - { id: oa, protocol: openai-chat, baseUrl: "{{Mock.OpenAiBaseUrl}}" }
          - { id: an, protocol: anthropic-messages, baseUrl: "{{Mock.AnthropicBaseUrl}}" }
        credentials:
          - { id: oa-1, provider: oa, apiKey: "{{Keys.ReferenceOf("oa-1")}}" }
          - { id: oa-2, provider: oa, apiKey: "{{Keys.ReferenceOf("oa-2")}}" }
          - { id: an-1, provider: an, apiKey: "{{Keys.ReferenceOf("an-1")}}" }
          - { id: an-2, provider: an, apiKey: "{{Keys.ReferenceOf("an-2")}}" }
        models:
          - { id: gpt-up, provider: oa, upstreamModel: gpt-upstream-1, contextWindow: 200000, capabilities: [tools, vision] }
          - { id: claude-up, provider: an, upstreamModel: claude-upstream-1, contextWindow: 200000, maxOutput: 8192, capabilities: [tools, vision, thinking] }
        roles:
          openai: { chain: [ { model: gpt-up } ] }
          anthropic: { chain: [ { model: claude-up } ] }
          default: { chain: [ { model: claude-up } ] }
          background: { chain: [ { model: gpt-up } ] }
          think: { chain: [ { model: claude-up } ] }
          longContext: { chain: [ { model: gpt-up } ] }
        routing:
          defaultRole: default
          unknownModels: reject
          rules:
            - { when: { modelMatches: "*haiku*" }, role: background }
            - { when: { thinking: true }, role: think }
            - { when: { estimatedTokensOver: 60000 }, role: longContext }
            - { when: { modelMatches: "claude-*" }, role: default }
        {{extra}}
        """;
}
