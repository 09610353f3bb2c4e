using RoutingCluster.Configuration;
using RoutingCluster.Routing;
using RoutingCluster.Testing;
using Xunit;
using static RoutingCluster.Routing.Tests.RoutingTestDefinition;

namespace RoutingCluster.Tenants.Tests;

/// <summary>The worked example of README's "Teams" section loads as written and routes as the text under it says.</summary>
public sealed class ReadmeTeamsExampleTests
{
    private static readonly GatewayDefinition Example = LoadExample();

    [Fact]
    public void Example_Loads_TwoTenantsOneOwnedKeyABudgetAndAnEuPolicy()
    {
        Assert.Equal(["apps", "eu-research"], Example.Tenants.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("apps", Assert.Single(Example.Credentials, c => c.Id == "openai-apps").Owner);
        Assert.NotEmpty(Example.Tenants["apps"].Budgets);
        Assert.Equal(["eu"], Example.Tenants["eu-research"].Policy.Regions!);
    }

    [Fact]
    public void Apps_Default_OwnKeyFirstThenThePoolThenTheRest()
    {
        var tenant = Example.Tenants["apps"];
        var ranked = RoutePlanner.Plan(Example, Target("default"), Request("default"), tenant)
            .SelectMany(step => TenantRouting.InTiers(tenant, step.Candidates, c => c));

        Assert.Equal(["gpt-main via openai-apps", "gpt-main via openai-pool", "mistral-large via mistral-pool", "lab-qwen via lab-gpu"], ranked.Select(c => c.Label));
    }

    [Fact]
    public void EuResearch_Default_UsModelSkippedNamingTheRuleAndTheOwnedKeyNeverSeen()
    {
        var plan = RoutePlanner.Plan(Example, Target("default"), Request("default"), Example.Tenants["eu-research"]);

        Assert.Equal(["mistral-large via mistral-pool", "lab-qwen via lab-gpu"], plan.SelectMany(s => s.Candidates).Select(c => c.Label));
        var skip = Assert.Single(plan.SelectMany(s => s.Skipped));
        Assert.Equal(("openai-pool", SkipReason.Policy), (skip.Candidate.Credential.Id, skip.Reason));
        Assert.Equal("policy of tenant `eu-research` allows regions eu; provider openai is in region us", skip.Detail);
    }

    [Fact]
    public void EuResearch_Smol_LocalBeforeHosted()
    {
        var tenant = Example.Tenants["eu-research"];
        var step = Assert.Single(RoutePlanner.Plan(Example, Target("smol"), Request("smol"), tenant));

        Assert.Equal(["lab-qwen", "mistral-large"], TenantRouting.InTiers(tenant, step.Candidates, c => c).Select(c => c.Model.Id));
    }

    [Fact]
    public void EuResearch_GptMainByName_NoCandidateLeftAllExcludedByPolicy()
    {
        var step = Assert.Single(RoutePlanner.Plan(Example, RouteTarget.ForModel("gpt-main", "model"), Request("gpt-main"), Example.Tenants["eu-research"]));

        Assert.Empty(step.Candidates);
        Assert.All(step.Skipped, s => Assert.Equal(SkipReason.Policy, s.Reason));
    }

    private static RouteTarget Target(string role) => new(role, Example.Roles[role].Chain, "role");

    private static GatewayDefinition LoadExample()
    {
        var readme = File.ReadAllText(RepositoryRoot.Combine("README.md"));
        var section = readme[readme.IndexOf("\n## Teams\n", StringComparison.Ordinal)..];
        var start = section.IndexOf("```yaml\n", StringComparison.Ordinal) + "```yaml\n".Length;
        var yaml = section[start..section.IndexOf("```\n", start, StringComparison.Ordinal)];
        var result = ConfigLoader.Load(yaml, "README.md", new ExampleSecrets(), RegisteredNames.BuiltIn);
        Assert.True(result.Ok, string.Join("\n", result.Errors));
        return result.Definition!;
    }

    /// <summary>Every <c>env:NAME</c> of the example resolves to a value of its own; nothing is read from the machine.</summary>
    private sealed class ExampleSecrets : ISecretResolver
    {
        public SecretResolution Resolve(string reference) => SecretResolution.Success(new SecretValue("example-value-of-" + reference));
    }
}
