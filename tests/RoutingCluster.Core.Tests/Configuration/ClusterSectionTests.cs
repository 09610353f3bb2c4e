using Xunit;

namespace RoutingCluster.Configuration.Tests;

public sealed class ClusterSectionTests
{
    private const string Roles = """
        providers: [ { id: sim, protocol: simulated, class: local } ]
        models: [ { id: m, provider: sim, upstreamModel: m, contextWindow: 1000 } ]
        roles: { default: { chain: [ { models: [m] } ] } }

        """;

    [Fact]
    public void Load_EveryClusterFieldWrong_ReportsEachWithItsPathAtOnce()
    {
        var result = ConfigLoader.Load(Roles + """
            cluster:
              nodeId: "gw 1"
              clusterId: "prod/eu"
              serviceId: ""
              siloPort: 70000
              advertisedAddress: gateway.internal
              listenAddress: 10.0.0.300
              probeTimeout: soon
              missedProbesLimit: 0
              grainCallTimeout: -1s
            """, "gateway.yaml", EnvironmentSecretResolver.Default, RegisteredNames.BuiltIn);

        Assert.False(result.Ok);
        var paths = result.Errors.Select(e => e.Path).ToHashSet();
        foreach (var field in new[] { "nodeId", "clusterId", "serviceId", "siloPort", "advertisedAddress", "listenAddress", "probeTimeout", "missedProbesLimit", "grainCallTimeout" })
        {
            Assert.Contains($"cluster.{field}", paths);
        }

        Assert.Contains(result.Errors, e => e.Path == "cluster.advertisedAddress" && e.Message.Contains("IP address", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_NoClusterSection_TakesTheDocumentedDefaults()
    {
        var result = ConfigLoader.Load(Roles, "gateway.yaml", EnvironmentSecretResolver.Default, RegisteredNames.BuiltIn);

        Assert.True(result.Ok, string.Join("\n", result.Errors));
        Assert.Equal(ClusterDefinition.Default, result.Definition.Cluster);
        Assert.Equal((TimeSpan.FromSeconds(1), 2, TimeSpan.FromSeconds(2)), (ClusterDefinition.Default.ProbeTimeout, ClusterDefinition.Default.MissedProbesLimit, ClusterDefinition.Default.GrainCallTimeout));
    }
}
