using RoutingCluster.Routing;
using RoutingCluster.Routing.Tests;
using RoutingCluster.Tenants;
using Xunit;

namespace RoutingCluster.Configuration.Tests;

/// <summary>
/// A subscription profile's <c>reserveFor</c> as the route planner applies it: a role it is not kept
/// for skips it with <see cref="SkipReason.Reserved"/> naming the roles; a listed role uses it.
/// </summary>
public sealed class ProfileReservePlannerTests
{
    private static readonly Lazy<GatewayDefinition> Shared = new(() => RoutingTestDefinition.Load("""
        providers:
          - { id: sim, protocol: simulated }
        credentials:
          - { id: max-a, provider: sim, kind: subscription, reserveFor: [think, plan] }
          - { id: max-any, provider: sim, kind: subscription }
          - { id: pool, provider: sim }
        models:
          - { id: small, provider: sim, upstreamModel: small-v1, contextWindow: 8000 }
        roles:
          default: { chain: [{ model: small }] }
          plan: { chain: [{ model: small }] }
          think: { chain: [{ model: small }] }
        aliases:
          deep: think
        """));

    private static GatewayDefinition Definition => Shared.Value;

    private static PlannedStep PlanFor(string requested)
    {
        var request = RoutingTestDefinition.Request(requested);
        var resolution = RoleResolver.Resolve(Definition, request);
        Assert.True(resolution.IsResolved);
        return Assert.Single(RoutePlanner.Plan(Definition, resolution.Target, request, TenantDefinition.Anonymous));
    }

    [Fact]
    public void Plan_RoleTheProfileIsNotReservedFor_SkipsItAsReservedNamingTheRoles()
    {
        var step = PlanFor("default");

        Assert.Equal(["small via max-any", "small via pool"], step.Candidates.Select(c => c.Label));
        var skipped = Assert.Single(step.Skipped);
        Assert.Equal("max-a", skipped.Candidate.Credential.Id);
        Assert.Equal(SkipReason.Reserved, skipped.Reason);
        Assert.Equal("profile max-a is reserved for roles plan, think", skipped.Detail);
        Assert.Null(skipped.RetryAt);
        Assert.False(skipped.IsRateLimit);
        Assert.Equal(0, skipped.Candidate.Order);
    }

    [Theory]
    [InlineData("plan")]
    [InlineData("think")]
    [InlineData("deep")]
    public void Plan_ListedRoleOrAnAliasOfIt_UsesTheProfile(string requested)
    {
        var step = PlanFor(requested);

        Assert.Equal(["small via max-a", "small via max-any", "small via pool"], step.Candidates.Select(c => c.Label));
        Assert.Empty(step.Skipped);
    }

    [Fact]
    public void Plan_ModelNamedDirectly_IsNoListedRole_SkipsTheReservedProfile()
    {
        var step = PlanFor("small");

        Assert.Equal(["small via max-any", "small via pool"], step.Candidates.Select(c => c.Label));
        var skipped = Assert.Single(step.Skipped);
        Assert.Equal((SkipReason.Reserved, "profile max-a is reserved for roles plan, think"), (skipped.Reason, skipped.Detail));
    }
}
