using Xunit;
using static RoutingCluster.Routing.Tests.RoutingTestDefinition;

namespace RoutingCluster.Routing.Tests;

public sealed class RoutePlannerTests
{
    private static IReadOnlyList<PlannedStep> PlanRole(string role, RequestFeatures request)
    {
        var target = new RouteTarget(role, Definition.Roles[role].Chain, "role");
        return RoutePlanner.Plan(Definition, target, request, RoutingCluster.Tenants.TenantDefinition.Anonymous);
    }

    [Fact]
    public void Plan_Role_CandidatesInStepOrderThenCredentialDeclarationOrder()
    {
        var steps = PlanRole("plan", Request("plan"));

        Assert.Equal(2, steps.Count);
        Assert.Equal(["big via sim-b", "big via sim-a", "other via sim2"], steps[0].Candidates.Select(c => c.Label));
        Assert.Equal([0, 1, 2], steps[0].Candidates.Select(c => c.Order));
        Assert.Equal(["small via sim-b", "small via sim-a"], steps[1].Candidates.Select(c => c.Label));
        Assert.Equal([0, 1], steps[1].Candidates.Select(c => c.Order));
        Assert.Empty(steps[0].Skipped);
        Assert.Same(Definition.Roles["plan"].Chain[1], steps[1].Step);
        Assert.Equal("sim2", steps[0].Candidates[2].Provider.Id);
    }

    [Fact]
    public void Plan_NoOutputCap_ReservesInputPlusModelCapAtMostDefault()
    {
        var steps = PlanRole("plan", Request("plan", estimatedTokens: 1000));

        // big declares maxOutput 512; other declares none, so the default 1024 is reserved.
        Assert.Equal([1512L, 1512L, 2024L], steps[0].Candidates.Select(c => c.ReservedTokens));
        Assert.Equal([512L, 512L, 1024L], steps[0].Candidates.Select(c => c.ReservedOutputTokens));
    }

    [Fact]
    public void Plan_OutputCapSet_ReservesInputPlusCap()
    {
        var steps = PlanRole("plan", Request("plan", estimatedTokens: 1000, maxOutput: 3000));

        Assert.All(steps[0].Candidates, c => Assert.Equal(4000, c.ReservedTokens));
        Assert.All(steps[0].Candidates, c => Assert.Equal(3000, c.ReservedOutputTokens));
    }

    [Fact]
    public void Plan_VisionRequest_SkipsModelsWithoutVisionKeepingOrder()
    {
        var steps = PlanRole("plan", Request("plan", vision: true));

        Assert.Equal(["big via sim-b", "big via sim-a"], steps[0].Candidates.Select(c => c.Label));
        var skipped = Assert.Single(steps[0].Skipped);
        Assert.Equal(SkipReason.MissingCapability, skipped.Reason);
        Assert.Equal(2, skipped.Candidate.Order);
        Assert.Contains("vision", skipped.Detail, StringComparison.Ordinal);
        Assert.Null(skipped.RetryAt);
        Assert.False(skipped.IsRateLimit);
        Assert.Empty(steps[1].Candidates);
        Assert.Equal(2, steps[1].Skipped.Count);
    }

    [Fact]
    public void Plan_ToolsRequest_SkipsModelsWithoutTools()
    {
        var steps = PlanRole("plan", Request("plan", tools: true));

        Assert.Equal(3, steps[0].Candidates.Count);
        Assert.Empty(steps[1].Candidates);
        Assert.All(steps[1].Skipped, s =>
        {
            Assert.Equal(SkipReason.MissingCapability, s.Reason);
            Assert.Contains("tools", s.Detail, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Plan_InputPlusOutputCapOverContext_SkipsContextTooSmall()
    {
        var steps = PlanRole("default", Request("default", estimatedTokens: 7000, maxOutput: 1001));

        var step = Assert.Single(steps);
        Assert.Empty(step.Candidates);
        Assert.All(step.Skipped, s => Assert.Equal(SkipReason.ContextTooSmall, s.Reason));
        Assert.Contains("8001", step.Skipped[0].Detail, StringComparison.Ordinal);
        Assert.Contains("8000", step.Skipped[0].Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(7000, 1000)]
    [InlineData(7999, null)]
    public void Plan_FitsContextExactlyOrWithoutCap_Kept(long estimated, int? maxOutput)
    {
        var steps = PlanRole("default", Request("default", estimatedTokens: estimated, maxOutput: maxOutput));

        Assert.Equal(2, steps[0].Candidates.Count);
        Assert.Empty(steps[0].Skipped);
    }

    [Fact]
    public void Plan_ModelPseudoRole_OneStepOnThatModelsCredentials()
    {
        var resolution = RoleResolver.Resolve(Definition, Request("other"));
        Assert.True(resolution.IsResolved);

        var steps = RoutePlanner.Plan(Definition, resolution.Target, Request("other"), RoutingCluster.Tenants.TenantDefinition.Anonymous);

        var candidate = Assert.Single(Assert.Single(steps).Candidates);
        Assert.Equal("other via sim2", candidate.Label);
    }
}
