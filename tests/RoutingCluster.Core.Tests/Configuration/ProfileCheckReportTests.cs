using RoutingCluster.Plans;
using RoutingCluster.Testing;
using Xunit;

namespace RoutingCluster.Configuration.Tests;

/// <summary>
/// What <c>check</c> prints for subscription profiles (<see cref="ConfigReport"/>): a
/// "subscription profiles" section, one line per profile, and the same summary on the profile's
/// credential line under each model it serves; nothing of the kind for a config without profiles.
/// </summary>
public sealed class ProfileCheckReportTests
{
    private static string Report(string yaml)
    {
        var result = ConfigLoader.Load(yaml, "gateway.yaml", EnvironmentSecretResolver.Default, RegisteredNames.BuiltIn);
        Assert.True(result.Ok, string.Join("\n", result.Errors));
        var writer = new StringWriter { NewLine = "\n" };
        ConfigReport.Write(result.Definition!, writer);
        return writer.ToString();
    }

    [Fact]
    public void Write_ConfigWithProfiles_PrintsTheProfilesSectionAndTheSummaryOnTheCredentialLine()
    {
        using var tokenA = TestEnvironment.SetSecret("sk-ant-oat-report-a");
        using var tokenB = TestEnvironment.SetSecret("sk-ant-oat-report-b");
        using var key = TestEnvironment.SetSecret("sk-ant-api-report-pool");
        var report = Report($$"""
            providers:
              - { id: claude-plans, protocol: anthropic-messages, baseUrl: "https://api.anthropic.com/v1" }
            credentials:
              - id: max-a
                provider: claude-plans
                kind: subscription
                token: {{tokenA.Reference}}
                reserveFor: [default]
                heartbeat: { every: 5m, model: haiku-plan }
              - id: max-b
                provider: claude-plans
                kind: subscription
                token: {{tokenB.Reference}}
                switchAt: { 5h: 0.8 }
                limits: { concurrency: 2 }
                heartbeat: { every: 90s, usageUrl: /api/usage }
                planHeaders:
                  - { header: X-Acme-5h-Used, window: 5h, value: utilization, scale: 100 }
              - { id: pool, provider: claude-plans, apiKey: "{{key.Reference}}" }
            models:
              - { id: haiku-plan, provider: claude-plans, upstreamModel: claude-haiku-4-5, contextWindow: 200000 }
            roles:
              default: { chain: [{ model: haiku-plan, strategy: drain }] }
            """);

        const string MaxA = "subscription: switch at 5h 90%, 7d 95%; reserved for default; heartbeat every 5m (model haiku-plan)";
        const string MaxB = "subscription: switch at 5h 80%; headers x-acme-5h-used -> 5h; heartbeat every 90s (GET /api/usage)";
        Assert.Equal(
            $"""
            cluster: embedded (one silo on 127.0.0.1, state in memory; store.kind: postgres to cluster)
            unknown model names: answered 404 model_not_found (routing.unknownModels: reject)
            role default  (default)
              step 1  drain
                model haiku-plan  claude-plans/claude-haiku-4-5  context 200000  caps none  price $0 in / $0 out per 1M tokens
                  credential max-a  unlimited  {MaxA}
                  credential max-b  concurrency 2  {MaxB}
                  credential pool  unlimited
            subscription profiles
              profile max-a  provider claude-plans  {MaxA}
              profile max-b  provider claude-plans  {MaxB}
            gateway keys: none (open gateway: every caller is tenant anonymous, with admin access)

            """,
            report);
        foreach (var secret in new[] { tokenA.Value, tokenB.Value, key.Value })
        {
            Assert.DoesNotContain(secret, report, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Write_ConfigWithoutProfiles_HasNoProfilesSectionNorSummary()
    {
        using var keyA = TestEnvironment.SetSecret("sk-report-a-secret");
        using var keyB = TestEnvironment.SetSecret("sk-report-b-secret");
        using var gatewayKey = TestEnvironment.SetSecret("gw-report-secret");

        var report = Report(ConfigLoaderTests.FullYaml(keyA.Reference, keyB.Reference, gatewayKey.Reference));

        Assert.DoesNotContain("subscription profiles", report, StringComparison.Ordinal);
        Assert.DoesNotContain("profile ", report, StringComparison.Ordinal);
        Assert.DoesNotContain("subscription:", report, StringComparison.Ordinal);
    }

    [Fact]
    public void PlanSummary_EmptySwitchAtNoReserveNoHeaderNoHeartbeat_SaysItNeverSwitchesAndHasNoHeartbeat()
    {
        var plan = new PlanDefinition(new PlanPolicy([]), null, [], null);

        Assert.Equal("subscription: never switches on utilization; no heartbeat", ConfigReport.PlanSummary(plan));
    }

    [Fact]
    public void PlanSummary_ReservedRolesInOrdinalOrder_FractionalPercentKept()
    {
        var plan = new PlanDefinition(
            new PlanPolicy([new PlanThreshold("5h", 0.875), new PlanThreshold("7d", 1)]),
            new HashSet<string>(["think", "default", "plan"], StringComparer.Ordinal),
            [new PlanHeaderMapping("x-used", "5h", PlanHeaderValue.Utilization, 100), new PlanHeaderMapping("x-reset", "5h", PlanHeaderValue.ResetEpochSeconds)],
            new PlanHeartbeat(TimeSpan.FromSeconds(30), "haiku-plan", null));

        Assert.Equal(
            "subscription: switch at 5h 87.5%, 7d 100%; reserved for default, plan, think; headers x-used -> 5h, x-reset -> 5h; heartbeat every 30s (model haiku-plan)",
            ConfigReport.PlanSummary(plan));
    }
}
