using RoutingCluster.Entities;
using RoutingCluster.Testing;
using Xunit;

namespace RoutingCluster.Configuration.Tests;

public sealed class ConfigReportTests
{
    [Fact]
    public void Write_FullConfig_PrintsRolesStepsModelsCredentialsAliasesAndRules()
    {
        using var keyA = TestEnvironment.SetSecret("sk-report-a-secret");
        using var keyB = TestEnvironment.SetSecret("sk-report-b-secret");
        using var gatewayKey = TestEnvironment.SetSecret("gw-report-secret");
        var result = ConfigLoader.Load(ConfigLoaderTests.FullYaml(keyA.Reference, keyB.Reference, gatewayKey.Reference), "gateway.yaml", EnvironmentSecretResolver.Default, RegisteredNames.BuiltIn);
        Assert.True(result.Ok, string.Join("\n", result.Errors));

        var writer = new StringWriter { NewLine = "\n" };
        ConfigReport.Write(result.Definition, writer);
        var report = writer.ToString();

        Assert.Equal(
            """
            cluster: embedded (one silo on 127.0.0.1, state in memory; store.kind: postgres to cluster)
            unknown model names: answered 404 model_not_found (routing.unknownModels: reject)
            role default  (default)
              step 1  priority
                model sim-small  sim/small  context 32000  caps none  price $0 in / $0 out per 1M tokens
                  credential sim  unlimited
            role plan
              step 1  headroom
                model gpt-4o  openai/gpt-4o-2024-08-06  context 128000, max output 16384  caps tools, vision  price $2.5 in / $10 out per 1M tokens
                  credential openai-a  rpm 60, tpm 100000, concurrency 4, 5h: 500 req, 7d: 20000000 tok
                  credential openai-b  unlimited
                model sim-small  sim/small  context 32000  caps none  price $0 in / $0 out per 1M tokens
                  credential sim  unlimited
              step 2  priority
                model sim-small  sim/small  context 32000  caps none  price $0 in / $0 out per 1M tokens
                  credential sim  unlimited
            aliases
              fast -> role plan
              cheap -> model sim-small
            rules
              1  when thinking true, estimatedTokensOver 50000 -> role plan
              2  when modelMatches claude-* -> role plan
            tenants
              tenant team  keys laptop  byok first
                policy: classes local; preferLocal
                budget team/day  $5 per day (UTC), warn at 80%

            """,
            report);
        foreach (var secret in new[] { keyA.Value, keyB.Value, gatewayKey.Value })
        {
            Assert.DoesNotContain(secret, report, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Write_ClusteredConfig_PrintsHowTheNodeJoins()
    {
        using var connection = TestEnvironment.SetSecret("Host=db;Username=u;Password=report-db-secret");
        const string Roles = """
            providers: [ { id: sim, protocol: simulated, class: local } ]
            models: [ { id: m, provider: sim, upstreamModel: m, contextWindow: 1000 } ]
            roles: { default: { chain: [ { models: [m] } ] } }
            """;
        var yaml = Roles + $$"""

            store: { kind: postgres, connectionString: "{{connection.Reference}}" }
            cluster: { clusterId: prod, nodeId: gw-1, siloPort: 0, advertisedAddress: 10.0.0.5, probeTimeout: 2s }
            """;
        var result = ConfigLoader.Load(yaml, "gateway.yaml", EnvironmentSecretResolver.Default, RegisteredNames.BuiltIn);
        Assert.True(result.Ok, string.Join("\n", result.Errors));

        var writer = new StringWriter { NewLine = "\n" };
        ConfigReport.Write(result.Definition, writer);
        var lines = writer.ToString().Split('\n');

        Assert.Equal("cluster: prod (service routingcluster), membership and grain state in PostgreSQL", lines[0]);
        Assert.Equal("  node gw-1, silo port a free port, advertised 10.0.0.5, listening on the advertised address", lines[1]);
        Assert.Equal("  failure detection: probe timeout 2s, 2 missed probes; grain call timeout 2s", lines[2]);
        Assert.DoesNotContain("report-db-secret", writer.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void LimitsSummary_WindowWithBoth_ListsRequestsAndTokens()
    {
        var limits = new CredentialLimits(null, [new WindowLimit("5h", TimeSpan.FromHours(5), 500, 1_000_000)]);

        Assert.Equal("5h: 500 req, 1000000 tok", ConfigReport.LimitsSummary(limits));
    }

    [Fact]
    public void LimitsSummary_Unlimited_SaysSo()
    {
        Assert.Equal("unlimited", ConfigReport.LimitsSummary(CredentialLimits.Unlimited));
    }
}
