using RoutingCluster.Configuration;
using RoutingCluster.Routing;
using Xunit;
using static RoutingCluster.Routing.Tests.RoutingTestDefinition;

namespace RoutingCluster.Tenants.Tests;

/// <summary>Policy and own keys while planning and ranking: pure, on a validated definition.</summary>
public sealed class TenantRoutingTests
{
    private const string Yaml = """
        providers:
          - { id: eu-cloud, protocol: simulated, class: hosted, region: eu }
          - { id: us-cloud, protocol: simulated, class: hosted, region: us }
          - { id: lab, protocol: simulated, class: local, region: eu }
        credentials:
          - { id: eu-pool, provider: eu-cloud }
          - { id: us-pool, provider: us-cloud }
          - { id: us-acme, provider: us-cloud, owner: acme }
          - { id: us-beta, provider: us-cloud, owner: beta }
          - { id: lab-pool, provider: lab }
        models:
          - { id: eu-model, provider: eu-cloud, upstreamModel: m, contextWindow: 8000 }
          - { id: us-model, provider: us-cloud, upstreamModel: m, contextWindow: 8000, capabilities: [vision] }
          - { id: lab-model, provider: lab, upstreamModel: m, contextWindow: 8000 }
        roles:
          default: { chain: [ { models: [us-model, eu-model, lab-model] } ] }
          smol: { chain: [ { model: lab-model } ] }
        tenants:
          - { id: acme, keys: [{ id: acme-key, hash: "sha256:1111111111111111111111111111111111111111111111111111111111111111" }] }
          - { id: beta, keys: [{ id: beta-key, hash: "sha256:2222222222222222222222222222222222222222222222222222222222222222" }], byok: only }
          - { id: euro, keys: [{ id: euro-key, hash: "sha256:3333333333333333333333333333333333333333333333333333333333333333" }], policy: { regions: [eu] } }
          - { id: hosted, keys: [{ id: hosted-key, hash: "sha256:4444444444444444444444444444444444444444444444444444444444444444" }], policy: { classes: [hosted], providers: [eu-cloud, lab] } }
          - { id: local-first, keys: [{ id: lf-key, hash: "sha256:5555555555555555555555555555555555555555555555555555555555555555" }], policy: { preferLocal: true, roles: [default], models: [lab-model] } }
          - { id: plain, keys: [{ id: plain-key, hash: "sha256:6666666666666666666666666666666666666666666666666666666666666666" }], byok: never }
        """;

    private static readonly GatewayDefinition Teams = Load(Yaml);

    private static PlannedStep PlanDefault(string tenant, bool vision = false) =>
        Assert.Single(RoutePlanner.Plan(Teams, Target("default"), Request("default", vision: vision), Teams.Tenants[tenant]));

    private static RouteTarget Target(string role) => new(role, Teams.Roles[role].Chain, "role");

    [Fact]
    public void Plan_AnotherTenantsCredential_IsLeftOutWithoutATrace()
    {
        var step = PlanDefault("acme");

        Assert.Equal(["us-model via us-pool", "us-model via us-acme", "eu-model via eu-pool", "lab-model via lab-pool"], step.Candidates.Select(c => c.Label));
        Assert.Empty(step.Skipped);
        Assert.DoesNotContain(step.Candidates, c => c.Credential.Id == "us-beta");
    }

    [Fact]
    public void Plan_ByokOnly_SkipsEveryPooledCredentialNamingTheRule()
    {
        var step = PlanDefault("beta");

        Assert.Equal(["us-model via us-beta"], step.Candidates.Select(c => c.Label));
        Assert.Equal(["us-pool", "eu-pool", "lab-pool"], step.Skipped.Select(s => s.Candidate.Credential.Id));
        Assert.All(step.Skipped, s => Assert.Equal(SkipReason.Policy, s.Reason));
        Assert.Equal("policy of tenant `beta`: byok only, and credential eu-pool is pooled", step.Skipped[1].Detail);
    }

    [Fact]
    public void Plan_RegionPolicy_SkipsProvidersOfOtherRegions()
    {
        var step = PlanDefault("euro");

        Assert.Equal(["eu-model via eu-pool", "lab-model via lab-pool"], step.Candidates.Select(c => c.Label));
        var skip = Assert.Single(step.Skipped);
        Assert.Equal(("us-pool", SkipReason.Policy), (skip.Candidate.Credential.Id, skip.Reason));
        Assert.Equal("policy of tenant `euro` allows regions eu; provider us-cloud is in region us", skip.Detail);
        Assert.False(skip.IsRateLimit);
    }

    [Fact]
    public void Plan_ClassAndProviderPolicy_EachRuleNamedOnTheCandidateItExcludes()
    {
        var step = PlanDefault("hosted");

        Assert.Equal(["eu-model via eu-pool"], step.Candidates.Select(c => c.Label));
        Assert.Equal(
            [
                "policy of tenant `hosted` allows providers eu-cloud, lab, not us-cloud",
                "policy of tenant `hosted` allows classes hosted; provider lab is local",
            ],
            step.Skipped.Select(s => s.Detail));
    }

    [Fact]
    public void Plan_PolicyBeforeCapability_APolicyExclusionIsReportedAsSuch()
    {
        // us-model is the only vision model; the EU policy excludes it before its capability is looked at.
        var step = PlanDefault("euro", vision: true);

        Assert.Empty(step.Candidates);
        Assert.Equal([SkipReason.Policy, SkipReason.MissingCapability, SkipReason.MissingCapability], step.Skipped.Select(s => s.Reason));
    }

    [Fact]
    public void Plan_ModelPolicy_SkipsModelsLeftOut()
    {
        var step = PlanDefault("local-first");

        Assert.Equal(["lab-model via lab-pool"], step.Candidates.Select(c => c.Label));
        Assert.All(step.Skipped, s => Assert.StartsWith("policy of tenant `local-first` allows models lab-model, not ", s.Detail, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("default", null)]
    [InlineData("smol", "The policy of tenant `local-first` allows roles default, not `smol`.")]
    [InlineData("model:lab-model", null)]
    [InlineData("model:us-model", "The policy of tenant `local-first` allows roles default; a model named directly must be in its `models`, and `us-model` is not. Ask for one of the roles.")]
    public void RefuseTarget_RoleList_AllowsListedRolesAndOnlyListedModelsByName(string role, string? refusal)
    {
        var target = new RouteTarget(role, [], "role");

        Assert.Equal(refusal, TenantRouting.RefuseTarget(Teams.Tenants["local-first"], target));
    }

    [Fact]
    public void RefuseTarget_NoRoleList_AllowsAnyRoleAndModel()
    {
        Assert.Null(TenantRouting.RefuseTarget(Teams.Tenants["euro"], new RouteTarget("smol", [], "role")));
        Assert.Null(TenantRouting.RefuseTarget(Teams.Tenants["euro"], new RouteTarget("model:us-model", [], "model")));
    }

    [Fact]
    public void InTiers_ByokFirst_OwnCredentialsFirstThenTheStrategysOrder()
    {
        var step = PlanDefault("acme");

        var ranked = TenantRouting.InTiers(Teams.Tenants["acme"], step.Candidates, c => c);

        Assert.Equal(["us-acme", "us-pool", "eu-pool", "lab-pool"], ranked.Select(c => c.Credential.Id));
    }

    [Fact]
    public void InTiers_ByokNever_KeepsTheStrategysOrder()
    {
        var step = PlanDefault("acme");
        var asIfNever = Teams.Tenants["acme"] with { Byok = ByokMode.Never };

        Assert.Same(step.Candidates, TenantRouting.InTiers(asIfNever, step.Candidates, c => c));
    }

    [Fact]
    public void InTiers_PreferLocal_LocalBeforeHostedEachInStrategyOrder()
    {
        var step = PlanDefault("plain");
        var preferLocal = Teams.Tenants["plain"] with { Policy = TenantPolicy.Unrestricted with { PreferLocal = true } };

        var ranked = TenantRouting.InTiers(preferLocal, step.Candidates, c => c);

        Assert.Equal(["lab-pool", "us-pool", "eu-pool"], ranked.Select(c => c.Credential.Id));
    }

    [Fact]
    public void InTiers_OwnAndLocal_OwnFirstThenLocalThenTheRest()
    {
        var step = PlanDefault("acme");
        var both = Teams.Tenants["acme"] with { Policy = TenantPolicy.Unrestricted with { PreferLocal = true } };

        var ranked = TenantRouting.InTiers(both, step.Candidates, c => c);

        Assert.Equal(["us-acme", "lab-pool", "us-pool", "eu-pool"], ranked.Select(c => c.Credential.Id));
    }

    [Fact]
    public void ShapesRoutes_OnlyWhenPolicyOrOwnKeysApply()
    {
        Assert.True(Teams.Tenants["acme"].ShapesRoutes);
        Assert.True(Teams.Tenants["beta"].ShapesRoutes);
        Assert.True(Teams.Tenants["euro"].ShapesRoutes);
        Assert.False(Teams.Tenants["plain"].ShapesRoutes);
        Assert.False(TenantDefinition.Anonymous.ShapesRoutes);
        Assert.True(Teams.Tenants["acme"].OwnsCredentials);
        Assert.False(Teams.Tenants["euro"].OwnsCredentials);
    }
}
