using RoutingCluster.Entities;
using RoutingCluster.Routing;
using RoutingCluster.Testing;
using Xunit;

namespace RoutingCluster.Configuration.Tests;

public sealed class ConfigLoaderTests : IDisposable
{
    private readonly TestSecret openAiA = TestEnvironment.SetSecret("sk-openai-a-secret");
    private readonly TestSecret openAiB = TestEnvironment.SetSecret("sk-openai-b-secret");
    private readonly TestSecret gatewayKey = TestEnvironment.SetSecret("gw-key-secret");

    public void Dispose()
    {
        openAiA.Dispose();
        openAiB.Dispose();
        gatewayKey.Dispose();
    }

    internal static string FullYaml(string keyA, string keyB, string gatewayKey) => $$"""
        providers:
          - id: openai
            protocol: openai-chat
            baseUrl: https://api.openai.com/v1
            region: eu
          - id: sim
            protocol: simulated
            maxLearnedWait: 30m
            simulation:
              latency: 20ms
              failureRate: 0.1
        credentials:
          - id: openai-a
            provider: openai
            apiKey: {{keyA}}
            limits:
              rpm: 60
              tpm: 100000
              concurrency: 4
              windows:
                - span: 5h
                  requests: 500
                - span: 7d
                  tokens: 20000000
          - id: openai-b
            provider: openai
            apiKey: {{keyB}}
        models:
          - id: gpt-4o
            provider: openai
            upstreamModel: gpt-4o-2024-08-06
            contextWindow: 128000
            maxOutput: 16384
            capabilities: [tools, vision]
            price: { input: 2.5, output: 10 }
          - id: sim-small
            provider: sim
            upstreamModel: small
            contextWindow: 32000
        roles:
          default:
            chain:
              - model: sim-small
          plan:
            chain:
              - models: [gpt-4o, sim-small]
                strategy: headroom
              - model: sim-small
        aliases:
          fast: plan
          cheap: sim-small
        routing:
          rules:
            - when: { thinking: true, estimatedTokensOver: 50000 }
              role: fast
            - when: { modelMatches: "claude-*" }
              role: plan
        tenants:
          - id: team
            keys: [{ id: laptop, secret: "{{gatewayKey}}" }]
            policy: { classes: [local], preferLocal: true }
            budgets: [{ period: day, usd: 5 }]
        resilience:
          attemptTimeout: 30s
          breaker:
            consecutiveFailures: 3
        """;

    private ConfigLoadResult LoadFull() =>
        ConfigLoader.Load(FullYaml(openAiA.Reference, openAiB.Reference, gatewayKey.Reference), "gateway.yaml", EnvironmentSecretResolver.Default, RegisteredNames.BuiltIn);

    [Fact]
    public void Load_FullConfig_BuildsModel()
    {
        var result = LoadFull();

        Assert.True(result.Ok, string.Join("\n", result.Errors));
        Assert.Empty(result.Errors);
        var definition = result.Definition;
        Assert.Equal(["openai", "sim"], definition.Providers.Keys);
        Assert.Equal(["openai-a", "openai-b", "sim"], definition.Credentials.Select(c => c.Id));
        Assert.Equal(["gpt-4o", "sim-small"], definition.Models.Keys);
        Assert.Equal(["default", "plan"], definition.Roles.Keys);
        Assert.Equal("default", definition.DefaultRole);
    }

    [Fact]
    public void Load_FullConfig_AppliesProviderDefaults()
    {
        var definition = LoadFull().Definition!;

        var openAi = definition.Providers["openai"];
        Assert.Equal(new Uri("https://api.openai.com/v1"), openAi.BaseUrl);
        Assert.Equal(ProviderClass.Hosted, openAi.Class);
        Assert.Equal("eu", openAi.Region);
        Assert.Null(openAi.Simulation);

        var sim = definition.Providers["sim"];
        Assert.Equal(ProviderClass.Local, sim.Class);
        Assert.Equal("default", sim.Region);
        Assert.Equal(new SimulationDefinition(TimeSpan.FromMilliseconds(20), 80, 0.1, null, 1), sim.Simulation);
    }

    [Fact]
    public void Load_MaxLearnedWait_OneHourByDefaultAndAsWrittenPerProvider()
    {
        var definition = LoadFull().Definition!;

        Assert.Equal(TimeSpan.FromHours(1), definition.Providers["openai"].MaxLearnedWait);
        Assert.Equal(TimeSpan.FromMinutes(30), definition.Providers["sim"].MaxLearnedWait);
    }

    [Fact]
    public void Load_FullConfig_BuildsCredentialWindowsMinuteFirst()
    {
        var definition = LoadFull().Definition!;

        var a = definition.Credentials[0];
        Assert.Equal("sk-openai-a-secret", a.ApiKey!.Reveal());
        Assert.Equal(4, a.Limits.Concurrency);
        Assert.Equal(
            [
                new WindowLimit("minute", TimeSpan.FromMinutes(1), 60, 100_000),
                new WindowLimit("5h", TimeSpan.FromHours(5), 500, null),
                new WindowLimit("7d", TimeSpan.FromDays(7), null, 20_000_000),
            ],
            a.Limits.Windows);
        Assert.Matches("^[0-9a-f]{16}$", a.Fingerprint);
        Assert.NotEqual(a.Fingerprint, definition.Credentials[1].Fingerprint);
        Assert.Empty(definition.Credentials[1].Limits.Windows);
    }

    [Fact]
    public void Load_LocalProviderWithoutCredential_GetsImplicitUnlimitedCredential()
    {
        var definition = LoadFull().Definition!;

        var implicitCredential = Assert.Single(definition.CredentialsByProvider["sim"]);
        Assert.Equal("sim", implicitCredential.Id);
        Assert.Null(implicitCredential.ApiKey);
        Assert.Same(CredentialLimits.Unlimited, implicitCredential.Limits);
        Assert.Equal(["openai-a", "openai-b"], definition.CredentialsByProvider["openai"].Select(c => c.Id));
    }

    [Fact]
    public void Load_FullConfig_BuildsModelsRolesAliasesAndRules()
    {
        var definition = LoadFull().Definition!;

        var gpt = definition.Models["gpt-4o"];
        Assert.Equal(ModelCapabilities.Tools | ModelCapabilities.Vision, gpt.Capabilities);
        Assert.Equal(2.5m, gpt.InputPricePerMillion);
        Assert.Equal(16384, gpt.MaxOutput);
        Assert.Equal(0m, definition.Models["sim-small"].OutputPricePerMillion);

        var plan = definition.Roles["plan"].Chain;
        Assert.Equal(1, plan[0].Index);
        Assert.Equal(["gpt-4o", "sim-small"], plan[0].ModelIds);
        Assert.Equal(StrategyNames.Headroom, plan[0].Strategy);
        Assert.Equal(2, plan[1].Index);
        Assert.Equal(StrategyNames.Priority, plan[1].Strategy);

        Assert.Equal(new AliasDefinition("fast", "plan", AliasTargetKind.Role), definition.Aliases["fast"]);
        Assert.Equal(new AliasDefinition("cheap", "sim-small", AliasTargetKind.Model), definition.Aliases["cheap"]);

        Assert.Equal(2, definition.Rules.Count);
        Assert.Equal(new RoutingRule(1, new RuleCondition(null, true, 50_000, null, null), "plan"), definition.Rules[0]);
        Assert.Equal(new RoutingRule(2, new RuleCondition("claude-*", null, null, null, null), "plan"), definition.Rules[1]);
    }

    [Fact]
    public void Load_FullConfig_AppliesSettingDefaults()
    {
        var definition = LoadFull().Definition!;

        var key = Assert.Single(definition.GatewayKeys);
        Assert.Equal(("laptop", "team", false, false), (key.Id, key.TenantId, key.Admin, key.Revoked));
        Assert.Equal(System.Security.Cryptography.SHA256.HashData("gw-key-secret"u8), key.Sha256);
        Assert.Equal(new StoreDefinition(StoreKind.Memory, null), definition.Store);
        Assert.Equal(10_485_760, definition.Server.MaxRequestBodyBytes);
        Assert.Equal(TimeSpan.FromSeconds(30), definition.Resilience.AttemptTimeout);
        Assert.Equal(TimeSpan.FromMinutes(10), definition.Resilience.RequestTimeout);
        Assert.Equal(BreakerOptions.Default with { ConsecutiveFailures = 3 }, definition.Resilience.Breaker);
    }

    [Fact]
    public void Load_SameDeclarationTwice_GivesSameFingerprints()
    {
        var first = LoadFull().Definition!;
        var second = LoadFull().Definition!;

        Assert.Equal(first.Credentials.Select(c => c.Fingerprint), second.Credentials.Select(c => c.Fingerprint));
    }

    [Fact]
    public void LoadFile_Missing_ReturnsFileError()
    {
        var path = Path.Combine(Path.GetTempPath(), $"rc-missing-{Guid.NewGuid():N}.yaml");

        var result = ConfigLoader.LoadFile(path, EnvironmentSecretResolver.Default, RegisteredNames.BuiltIn);

        Assert.False(result.Ok);
        var error = Assert.Single(result.Errors);
        Assert.Equal($"{path}: (file): config file `{path}` does not exist; create it or pass the path of an existing file", error.ToString());
    }

    [Fact]
    public void LoadFile_Existing_LoadsIt()
    {
        var path = Path.Combine(Path.GetTempPath(), $"rc-config-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, FullYaml(openAiA.Reference, openAiB.Reference, gatewayKey.Reference));
        try
        {
            Assert.True(ConfigLoader.LoadFile(path, EnvironmentSecretResolver.Default, RegisteredNames.BuiltIn).Ok);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Load_MinimalLocalConfig_Loads()
    {
        const string Yaml = """
            providers: [{ id: local, protocol: simulated }]
            models: [{ id: m, provider: local, upstreamModel: m, contextWindow: 1000 }]
            roles: { default: { chain: [{ model: m }] } }
            """;

        var result = ConfigLoader.Load(Yaml, "min.yaml", EnvironmentSecretResolver.Default, RegisteredNames.BuiltIn);

        Assert.True(result.Ok, string.Join("\n", result.Errors));
        Assert.Equal("local", Assert.Single(result.Definition.Credentials).Id);
    }
}
