using RoutingCluster.Configuration;
using Xunit;

namespace RoutingCluster.Routing.Tests;

/// <summary>The <c>effort</c> rule condition: a request's reasoning effort, on the gateway's low/medium/high scale.</summary>
public sealed class EffortRuleTests
{
    private static ConfigLoadResult Load(string effort) => ConfigLoader.Load($$"""
        providers:
          - { id: sim, protocol: simulated }
        models:
          - { id: m1, provider: sim, upstreamModel: sim-1, contextWindow: 16000 }
        roles:
          default: { chain: [ { model: m1 } ] }
          deep: { chain: [ { model: m1 } ] }
        routing:
          rules:
            - { when: { effort: {{effort}} }, role: deep }
            - { when: { modelMatches: "*" }, role: default }
        """, "gateway.yaml", EnvironmentSecretResolver.Default, RegisteredNames.BuiltIn);

    [Theory]
    [InlineData("high", "deep")]
    [InlineData("medium", "default")]
    [InlineData(null, "default")]
    public void Resolve_EffortRule_MatchesOnlyThatEffort(string? effort, string role)
    {
        var result = Load("high");
        Assert.True(result.Ok, string.Join("\n", result.Errors));

        var resolution = RoleResolver.Resolve(result.Definition, new RequestFeatures("claude-x", null, false, effort is not null, false, false, 10, null, effort));

        Assert.Equal(role, resolution.Target?.Role);
    }

    [Fact]
    public void Load_UnknownEffort_ErrorListingTheLevels()
    {
        var result = Load("extreme");

        Assert.Contains(result.Errors, e => e.ToString().Contains("routing.rules[1].when.effort: rule 1 has effort `extreme`; use one of: low, medium, high", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(1024L, "low")]
    [InlineData(4000L, "low")]
    [InlineData(4096L, "medium")]
    [InlineData(10000L, "medium")]
    [InlineData(16384L, "high")]
    [InlineData(31999L, "high")]
    public void FromBudget_ClaudeCodeLevels(long budget, string effort) => Assert.Equal(effort, EffortLevels.FromBudget(budget));
}
