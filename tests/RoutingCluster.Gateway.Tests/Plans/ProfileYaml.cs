using RoutingCluster.Gateway.Tests.Support;

namespace RoutingCluster.Gateway.Tests.Plans;

/// <summary>The shape of README's worked example on the mock: two Claude plan profiles on one provider, the pooled API key on another.</summary>
internal static class ProfileYaml
{
    /// <param name="a">More flow-mapping fields of profile <c>max-a</c>, each starting with <c>, </c>.</param>
    /// <param name="b">The same for <c>max-b</c>.</param>
    /// <param name="extra">More top-level YAML (e.g. the cluster store).</param>
    public static string Claude(GatewayHarness harness, string strategy, string a = "", string b = "", string extra = "") => $$"""
        providers:
          - { id: claude-plans, protocol: anthropic-messages, baseUrl: "{{harness.Mock.AnthropicBaseUrl}}", class: hosted }
          - { id: anthropic, protocol: anthropic-messages, baseUrl: "{{harness.Mock.AnthropicBaseUrl}}", class: hosted }
        credentials:
          - { id: max-a, provider: claude-plans, kind: subscription, token: "{{harness.Upstream.ReferenceOf("max-a")}}"{{a}} }
          - { id: max-b, provider: claude-plans, kind: subscription, token: "{{harness.Upstream.ReferenceOf("max-b")}}"{{b}} }
          - { id: pool, provider: anthropic, apiKey: "{{harness.Upstream.ReferenceOf("pool")}}" }
        models:
          - { id: sonnet-plan, provider: claude-plans, upstreamModel: claude-sonnet, contextWindow: 200000 }
          - { id: sonnet, provider: anthropic, upstreamModel: claude-sonnet, contextWindow: 200000 }
        roles:
          default: { chain: [ { models: [sonnet-plan], strategy: {{strategy}} }, { model: sonnet } ] }
          background: { chain: [ { models: [sonnet-plan], strategy: {{strategy}} }, { model: sonnet } ] }
        {{extra}}
        """;
}
