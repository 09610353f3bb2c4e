using Xunit;

namespace RoutingCluster.Configuration.Tests;

public sealed class ReservedCredentialIdTests
{
    [Fact]
    public void Load_CredentialIdWithTheTenantLimiterPrefix_Rejected()
    {
        const string Yaml = """
            providers: [{ id: sim, protocol: simulated }]
            credentials: [{ id: "tenant:team-a", provider: sim }]
            models: [{ id: m1, provider: sim, upstreamModel: m1, contextWindow: 8000 }]
            roles: { default: { chain: [{ model: m1 }] } }
            """;

        var result = ConfigLoader.Load(Yaml, "bad.yaml", EnvironmentSecretResolver.Default, RegisteredNames.BuiltIn);

        Assert.False(result.Ok);
        Assert.Contains(result.Errors, e => e.ToString().Contains(
            "credential id `tenant:team-a` starts with `tenant:`, which names the tenants' rate limiters; choose another id", StringComparison.Ordinal));
    }
}
