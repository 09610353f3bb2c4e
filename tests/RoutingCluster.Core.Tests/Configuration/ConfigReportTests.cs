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

            """,
            report);
        foreach (var secret in new[] { keyA.Value, keyB.Value, gatewayKey.Value })
        {
            Assert.DoesNotContain(secret, report, StringComparison.Ordinal);
        }
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
