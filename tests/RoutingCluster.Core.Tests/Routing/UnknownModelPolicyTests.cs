using RoutingCluster.Configuration;
using Xunit;

namespace RoutingCluster.Routing.Tests;

/// <summary>
/// A model name that is no role, alias or model and that no rule claims: served by the default
/// role when <c>routing.defaultRole</c> is set (or <c>unknownModels: defaultRole</c>), refused
/// with 404 when neither is, or with <c>unknownModels: reject</c>.
/// </summary>
public sealed class UnknownModelPolicyTests
{
    private static GatewayDefinition Load(string routing)
    {
        var result = ConfigLoader.Load($$"""
            providers:
              - { id: sim, protocol: simulated }
            models:
              - { id: m1, provider: sim, upstreamModel: sim-1, contextWindow: 16000 }
              - { id: m2, provider: sim, upstreamModel: sim-2, contextWindow: 16000 }
            roles:
              default: { chain: [ { model: m1 } ] }
              main: { chain: [ { model: m2 } ] }
            {{routing}}
            """, "gateway.yaml", EnvironmentSecretResolver.Default, RegisteredNames.BuiltIn);
        Assert.True(result.Ok, string.Join("\n", result.Errors));
        return result.Definition;
    }

    private static RoleResolution Resolve(GatewayDefinition definition, string model) =>
        RoleResolver.Resolve(definition, new RequestFeatures(model, null, false, false, false, false, 10, null));

    private static RouteTarget Target(GatewayDefinition definition, string model) =>
        Resolve(definition, model).Target ?? throw new Xunit.Sdk.XunitException($"`{model}` was not resolved");

    [Theory]
    [InlineData("routing: { defaultRole: main }", "main")]
    [InlineData("routing: { defaultRole: main, unknownModels: defaultRole }", "main")]
    [InlineData("routing: { unknownModels: defaultRole }", "default")]
    public void Resolve_UnclaimedModelName_ServedByTheDefaultRole(string routing, string role)
    {
        var target = Target(Load(routing), "claude-sonnet-4-5");

        Assert.Equal((role, "default"), (target.Role, target.Reason));
    }

    [Theory]
    [InlineData("")]
    [InlineData("routing: { defaultRole: main, unknownModels: reject }")]
    public void Resolve_UnclaimedModelName_UnknownModel(string routing)
    {
        var resolution = Resolve(Load(routing), "claude-sonnet-4-5");

        Assert.False(resolution.IsResolved);
        Assert.Equal(RouteErrorKind.UnknownModel, resolution.Error.Kind);
    }

    [Fact]
    public void Resolve_DeclaredNameOrRule_NotTheDefault()
    {
        var definition = Load("""
            routing:
              defaultRole: main
              rules:
                - { when: { modelMatches: "*haiku*" }, role: default }
            """);

        Assert.Equal(("default", "rule 1"), (Target(definition, "claude-haiku-4-5").Role, Target(definition, "claude-haiku-4-5").Reason));
        Assert.Equal("model:m1", Target(definition, "m1").Role);
    }

    [Fact]
    public void Load_UnknownPolicy_ErrorNamingTheChoices()
    {
        var result = ConfigLoader.Load("""
            providers:
              - { id: sim, protocol: simulated }
            models:
              - { id: m1, provider: sim, upstreamModel: sim-1, contextWindow: 16000 }
            roles:
              default: { chain: [ { model: m1 } ] }
            routing: { unknownModels: route }
            """, "gateway.yaml", EnvironmentSecretResolver.Default, RegisteredNames.BuiltIn);

        Assert.False(result.Ok);
        Assert.Contains(result.Errors, e => e.ToString().Contains("routing.unknownModels: unknownModels `route` is not known; use `defaultRole`", StringComparison.Ordinal));
    }
}
