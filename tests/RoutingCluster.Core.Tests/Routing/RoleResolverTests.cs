using Xunit;
using static RoutingCluster.Routing.Tests.RoutingTestDefinition;

namespace RoutingCluster.Routing.Tests;

public sealed class RoleResolverTests
{
    private static RouteTarget Resolved(RequestFeatures request)
    {
        var resolution = RoleResolver.Resolve(Definition, request);
        Assert.True(resolution.IsResolved, resolution.Error?.Message);
        return resolution.Target;
    }

    [Fact]
    public void Resolve_HeaderNamesRole_WinsOverModelAndRules()
    {
        var target = Resolved(Request("plan", roleHeader: "think", thinking: false, estimatedTokens: 50_000));

        Assert.Equal("think", target.Role);
        Assert.Equal("header", target.Reason);
        Assert.Same(Definition.Roles["think"].Chain, target.Chain);
    }

    [Fact]
    public void Resolve_HeaderNamesAlias_UsesAliasedRole()
    {
        var target = Resolved(Request("whatever", roleHeader: "fast"));

        Assert.Equal("plan", target.Role);
        Assert.Equal("header", target.Reason);
    }

    [Fact]
    public void Resolve_UnknownHeader_UnknownRoleHeaderListingRoles()
    {
        var resolution = RoleResolver.Resolve(Definition, Request("plan", roleHeader: "nope"));

        Assert.False(resolution.IsResolved);
        var error = resolution.Error;
        Assert.Equal(RouteErrorKind.UnknownRoleHeader, error.Kind);
        Assert.Contains("`nope`", error.Message, StringComparison.Ordinal);
        Assert.Contains("default, plan, think", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_ModelNamesRole_ThatRoleEvenWhenARuleWouldMatch()
    {
        var target = Resolved(Request("plan", thinking: true));

        Assert.Equal("plan", target.Role);
        Assert.Equal("role", target.Reason);
    }

    [Fact]
    public void Resolve_ModelNamesRoleAlias_AliasedRole()
    {
        var target = Resolved(Request("fast", thinking: true));

        Assert.Equal("plan", target.Role);
        Assert.Equal("alias fast", target.Reason);
    }

    [Fact]
    public void Resolve_ModelNamesModelAlias_SingleStepOnThatModel()
    {
        var target = Resolved(Request("cheap"));

        Assert.Equal("model:small", target.Role);
        Assert.Equal("alias cheap", target.Reason);
        var step = Assert.Single(target.Chain);
        Assert.Equal(["small"], step.ModelIds);
    }

    [Fact]
    public void Resolve_ModelNamesModelId_PseudoRoleWithPriorityStep()
    {
        var target = Resolved(Request("big", thinking: true, estimatedTokens: 50_000));

        Assert.Equal("model:big", target.Role);
        Assert.Equal("model", target.Reason);
        var step = Assert.Single(target.Chain);
        Assert.Equal(1, step.Index);
        Assert.Equal(["big"], step.ModelIds);
        Assert.Equal(StrategyNames.Priority, step.Strategy);
    }

    [Theory]
    [InlineData("claude-3-haiku-20240307", false, 100, "default", "rule 1")]
    [InlineData("CLAUDE-3-HAIKU", true, 50_000, "default", "rule 1")]
    [InlineData("claude-opus-4", true, 100, "think", "rule 2")]
    [InlineData("claude-opus-4", false, 10_001, "plan", "rule 3")]
    [InlineData("claude-opus-4", false, 10_000, "plan", "rule 4")]
    [InlineData("gpt-9", true, 100, "think", "rule 2")]
    public void Resolve_UnknownModel_FirstMatchingRuleWins(string requested, bool thinking, long tokens, string role, string reason)
    {
        var target = Resolved(Request(requested, thinking: thinking, estimatedTokens: tokens));

        Assert.Equal(role, target.Role);
        Assert.Equal(reason, target.Reason);
    }

    [Fact]
    public void Resolve_NothingMatches_UnknownModelListingRolesAliasesAndModels()
    {
        var resolution = RoleResolver.Resolve(Definition, Request("gpt-9", estimatedTokens: 10_000));

        Assert.False(resolution.IsResolved);
        var error = resolution.Error;
        Assert.Equal(RouteErrorKind.UnknownModel, error.Kind);
        Assert.Contains("`gpt-9`", error.Message, StringComparison.Ordinal);
        Assert.Contains("role (default, plan, think)", error.Message, StringComparison.Ordinal);
        Assert.Contains("alias (cheap, fast)", error.Message, StringComparison.Ordinal);
        Assert.Contains("model (big, other, small)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_NamesAreCaseSensitive_DifferentCaseGoesToRules()
    {
        var resolution = RoleResolver.Resolve(Definition, Request("PLAN"));

        Assert.Equal(RouteErrorKind.UnknownModel, resolution.Error?.Kind);
    }

    [Theory]
    [InlineData("*haiku*", "claude-3-haiku", true)]
    [InlineData("*haiku*", "haiku", true)]
    [InlineData("*haiku*", "claude-3-sonnet", false)]
    [InlineData("claude-*", "claude-", true)]
    [InlineData("claude-*", "my-claude-x", false)]
    [InlineData("gpt-4.1*", "gpt-4.1-mini", true)]
    [InlineData("gpt-4.1*", "gpt-4x1-mini", false)]
    [InlineData("gpt-?o", "gpt-4o", true)]
    [InlineData("gpt-?o", "gpt-40o", false)]
    [InlineData("a+b", "aab", false)]
    public void GlobMatches_Pattern_MatchesWholeNameOnly(string glob, string value, bool expected) =>
        Assert.Equal(expected, RoleResolver.GlobMatches(glob, value));
}
