using RoutingCluster.Configuration;
using Xunit;

namespace RoutingCluster.Routing.Tests;

/// <summary>A small validated definition on simulated providers (no keys), shared by the routing tests.</summary>
internal static class RoutingTestDefinition
{
    public const string Yaml = """
        providers:
          - id: sim
            protocol: simulated
          - id: sim2
            protocol: simulated
        credentials:
          - id: sim-b
            provider: sim
          - id: sim-a
            provider: sim
        models:
          - id: small
            provider: sim
            upstreamModel: small-v1
            contextWindow: 8000
          - id: big
            provider: sim
            upstreamModel: big-v1
            contextWindow: 128000
            maxOutput: 512
            capabilities: [tools, vision]
          - id: other
            provider: sim2
            upstreamModel: other-v1
            contextWindow: 32000
            capabilities: [tools]
        roles:
          default:
            chain:
              - model: small
          plan:
            chain:
              - models: [big, other]
                strategy: headroom
              - model: small
          think:
            chain:
              - model: big
        aliases:
          fast: plan
          cheap: small
        routing:
          rules:
            - when: { modelMatches: "*haiku*" }
              role: default
            - when: { thinking: true }
              role: think
            - when: { estimatedTokensOver: 10000 }
              role: plan
            - when: { modelMatches: "claude-*" }
              role: plan
        """;

    private static readonly Lazy<GatewayDefinition> Shared = new(() => Load(Yaml));

    public static GatewayDefinition Definition => Shared.Value;

    public static GatewayDefinition Load(string yaml)
    {
        var result = ConfigLoader.Load(yaml, "test.yaml", new EnvironmentSecretResolver(), RegisteredNames.BuiltIn);
        Assert.True(result.Ok, string.Join("\n", result.Errors));
        return result.Definition!;
    }

    public static RequestFeatures Request(
        string model,
        string? roleHeader = null,
        bool thinking = false,
        bool tools = false,
        bool vision = false,
        long estimatedTokens = 100,
        int? maxOutput = null) =>
        new(model, roleHeader, false, thinking, tools, vision, estimatedTokens, maxOutput);
}
