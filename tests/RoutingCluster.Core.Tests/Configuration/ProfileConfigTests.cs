using RoutingCluster.Plans;
using RoutingCluster.Testing;
using Xunit;

namespace RoutingCluster.Configuration.Tests;

/// <summary>
/// Subscription profiles (<c>kind: subscription</c>) in the config: what a valid one builds into
/// <see cref="CredentialDefinition.Plan"/>, its defaults, and every mistake reported at once with
/// its path and a hint.
/// </summary>
public sealed class ProfileConfigTests
{
    /// <summary>A hosted plan provider with two models, a local one, three roles; each test appends its credentials.</summary>
    private const string Base = """
        providers:
          - { id: claude-plans, protocol: anthropic-messages, baseUrl: "https://api.anthropic.com/v1" }
          - { id: local, protocol: simulated }
        models:
          - { id: haiku-plan, provider: claude-plans, upstreamModel: claude-haiku-4-5, contextWindow: 200000 }
          - { id: sonnet-plan, provider: claude-plans, upstreamModel: claude-sonnet-4-5, contextWindow: 200000 }
          - { id: small, provider: local, upstreamModel: small, contextWindow: 8000 }
        roles:
          default: { chain: [{ model: sonnet-plan }] }
          plan: { chain: [{ models: [sonnet-plan, small] }] }
          batch: { chain: [{ model: small }] }

        """;

    private static ConfigLoadResult Load(string credentials) =>
        ConfigLoader.Load(Base + credentials, "plans.yaml", EnvironmentSecretResolver.Default, RegisteredNames.BuiltIn);

    private static GatewayDefinition LoadOk(string credentials)
    {
        var result = Load(credentials);
        Assert.True(result.Ok, string.Join("\n", result.Errors));
        return result.Definition!;
    }

    private static CredentialDefinition Credential(GatewayDefinition definition, string id) =>
        Assert.Single(definition.Credentials, c => c.Id == id);

    [Fact]
    public void Load_SubscriptionProfile_BuildsPlanWithThresholdsReservedRolesMappingAndHeartbeat()
    {
        using var token = TestEnvironment.SetSecret("sk-ant-oat-max-a-token");
        var definition = LoadOk($$"""
            credentials:
              - id: max-a
                provider: claude-plans
                kind: subscription
                token: {{token.Reference}}
                switchAt: { 5h: 0.8, 7d: 1 }
                reserveFor: [plan, default]
                heartbeat: { every: 5m, model: haiku-plan }
                planHeaders:
                  - { header: X-Acme-5h-Used, window: 5h, value: utilization, scale: 100 }
                  - { header: x-acme-5h-reset, window: 5h, value: reset-epoch }
                  - { header: x-acme-7d-reset-in, window: 7d, value: reset-after-seconds }
                  - { header: x-acme-7d-reset-at, window: 7d, value: reset-time }
            """);

        var profile = Credential(definition, "max-a");
        Assert.Equal("claude-plans", profile.ProviderId);
        Assert.Equal("sk-ant-oat-max-a-token", profile.ApiKey!.Reveal());
        var plan = Assert.IsType<PlanDefinition>(profile.Plan);
        Assert.Equal([new PlanThreshold("5h", 0.8), new PlanThreshold("7d", 1)], plan.Policy.Thresholds);
        Assert.Equal(["default", "plan"], plan.ReserveFor!.Order(StringComparer.Ordinal));
        Assert.Equal(
            [
                new PlanHeaderMapping("x-acme-5h-used", "5h", PlanHeaderValue.Utilization, 100),
                new PlanHeaderMapping("x-acme-5h-reset", "5h", PlanHeaderValue.ResetEpochSeconds, 1),
                new PlanHeaderMapping("x-acme-7d-reset-in", "7d", PlanHeaderValue.ResetAfterSeconds, 1),
                new PlanHeaderMapping("x-acme-7d-reset-at", "7d", PlanHeaderValue.ResetTime, 1),
            ],
            plan.Mapping);
        Assert.Equal(new PlanHeartbeat(TimeSpan.FromMinutes(5), "haiku-plan", null), plan.Heartbeat);
        Assert.Same(profile, Assert.Single(definition.CredentialsByProvider["claude-plans"]));
    }

    [Fact]
    public void Load_ProfileWithUsageUrlHeartbeat_KeepsThePathAndNoModel()
    {
        using var token = TestEnvironment.SetSecret("sk-ant-oat-usage");
        var definition = LoadOk($$"""
            credentials:
              - { id: max-u, provider: claude-plans, kind: subscription, token: "{{token.Reference}}", heartbeat: { every: 10s, usageUrl: /api/usage?window=5h } }
            """);

        Assert.Equal(new PlanHeartbeat(TimeSpan.FromSeconds(10), null, "/api/usage?window=5h"), Credential(definition, "max-u").Plan!.Heartbeat);
    }

    [Fact]
    public void Load_ProfileWithOnlyKindAndToken_DefaultsSwitchAtTo5h90And7d95_ServesEveryRole_NoMappingNoHeartbeat()
    {
        using var token = TestEnvironment.SetSecret("sk-ant-oat-defaults");
        var definition = LoadOk($$"""
            credentials:
              - { id: max-d, provider: claude-plans, kind: subscription, token: "{{token.Reference}}" }
            """);

        var plan = Credential(definition, "max-d").Plan!;
        Assert.Equal([new PlanThreshold("5h", 0.9), new PlanThreshold("7d", 0.95)], plan.Policy.Thresholds);
        Assert.Equal(ConfigValidator.DefaultSwitchAt, plan.Policy.Thresholds);
        Assert.Null(plan.ReserveFor);
        Assert.Empty(plan.Mapping);
        Assert.Null(plan.Heartbeat);
        Assert.Equal("sk-ant-oat-defaults", Credential(definition, "max-d").ApiKey!.Reveal());
    }

    [Fact]
    public void Load_KeyCredentials_ExplicitOrDefaultKind_HaveNoPlan()
    {
        using var keyA = TestEnvironment.SetSecret("sk-key-a");
        using var keyB = TestEnvironment.SetSecret("sk-key-b");
        var definition = LoadOk($$"""
            credentials:
              - { id: key-a, provider: claude-plans, kind: key, apiKey: "{{keyA.Reference}}" }
              - { id: key-b, provider: claude-plans, apiKey: "{{keyB.Reference}}" }
              - { id: lab, provider: local, kind: key }
            """);

        Assert.All(definition.Credentials, c => Assert.Null(c.Plan));
        Assert.Equal("sk-key-a", Credential(definition, "key-a").ApiKey!.Reveal());
        Assert.Equal("sk-key-b", Credential(definition, "key-b").ApiKey!.Reveal());
        Assert.Null(Credential(definition, "lab").ApiKey);
    }

    [Fact]
    public void Load_ProfileOnALocalProvider_NeedsNoToken()
    {
        var definition = LoadOk("""
            credentials:
              - { id: pool, provider: claude-plans, apiKey: env:PATH }
              - { id: lab-plan, provider: local, kind: subscription }
            """);

        var profile = Credential(definition, "lab-plan");
        Assert.Null(profile.ApiKey);
        Assert.NotNull(profile.Plan);
    }

    [Fact]
    public void Load_EveryProfileMistake_ReportsEachOneAtOnceWithPathAndHint()
    {
        var result = Load("""
            credentials:
              - { id: odd, provider: claude-plans, kind: plan, apiKey: env:PATH }
              - { id: mixed, provider: claude-plans, kind: subscription, apiKey: env:PATH, token: env:PATH }
              - id: plain
                provider: claude-plans
                apiKey: env:PATH
                token: env:PATH
                switchAt: { 5h: 0.9 }
                reserveFor: [default]
                heartbeat: { every: 5m, model: haiku-plan }
                planHeaders: [{ header: x-used, window: 5h, value: utilization }]
              - { id: tokenless, provider: claude-plans, kind: subscription }
              - { id: shares, provider: claude-plans, kind: subscription, token: env:PATH, switchAt: { 5h: 0, 7d: 1.5, 30d: -0.25, "5-h": 0.5, 1d: 1 } }
              - { id: roles-empty, provider: claude-plans, kind: subscription, token: env:PATH, reserveFor: [] }
              - { id: roles-unknown, provider: claude-plans, kind: subscription, token: env:PATH, reserveFor: [default, coder] }
              - { id: hb-every, provider: claude-plans, kind: subscription, token: env:PATH, heartbeat: { model: haiku-plan } }
              - { id: hb-fast, provider: claude-plans, kind: subscription, token: env:PATH, heartbeat: { every: 5s, model: haiku-plan } }
              - { id: hb-soon, provider: claude-plans, kind: subscription, token: env:PATH, heartbeat: { every: soon, model: haiku-plan } }
              - { id: hb-both, provider: claude-plans, kind: subscription, token: env:PATH, heartbeat: { every: 5m, model: haiku-plan, usageUrl: /api/usage } }
              - { id: hb-neither, provider: claude-plans, kind: subscription, token: env:PATH, heartbeat: { every: 5m } }
              - { id: hb-undeclared, provider: claude-plans, kind: subscription, token: env:PATH, heartbeat: { every: 5m, model: opus-plan } }
              - { id: hb-foreign, provider: claude-plans, kind: subscription, token: env:PATH, heartbeat: { every: 5m, model: small } }
              - { id: hb-absolute, provider: claude-plans, kind: subscription, token: env:PATH, heartbeat: { every: 5m, usageUrl: "https://evil.example/x" } }
              - { id: hb-host, provider: claude-plans, kind: subscription, token: env:PATH, heartbeat: { every: 5m, usageUrl: "//evil/x" } }
              - { id: hb-relative, provider: claude-plans, kind: subscription, token: env:PATH, heartbeat: { every: 5m, usageUrl: x/no-slash } }
              - id: headers
                provider: claude-plans
                kind: subscription
                token: env:PATH
                planHeaders:
                  - { window: 5h, value: utilization }
                  - { header: x-used, value: utilization }
                  - { header: x-pct, window: 5h, value: percent }
                  - { header: x-reset, window: 5h, value: reset-epoch, scale: 100 }
                  - { header: x-zero, window: 5h, value: utilization, scale: 0 }
                  - { header: x-fine, window: 5h, value: utilization, scale: 100 }
            """);

        Assert.False(result.Ok);
        Assert.Null(result.Definition);
        const string ValidHeartbeat = "a heartbeat probes one thing: give either model (a cheap model of the profile's provider) or usageUrl (a path on the provider's host)";
        Assert.Equal(
            [
                "plans.yaml: credentials[1](odd).kind: kind `plan` is not known; write `key` (an API key, the default) or `subscription` (a plan profile)",
                "plans.yaml: credentials[2](mixed).apiKey: a subscription profile's secret is its `token`; rename apiKey to token",
                "plans.yaml: credentials[3](plain).token: token is for subscription profiles; add `kind: subscription` or remove it",
                "plans.yaml: credentials[3](plain).switchAt: switchAt is for subscription profiles; add `kind: subscription` or remove it",
                "plans.yaml: credentials[3](plain).reserveFor: reserveFor is for subscription profiles; add `kind: subscription` or remove it",
                "plans.yaml: credentials[3](plain).heartbeat: heartbeat is for subscription profiles; add `kind: subscription` or remove it",
                "plans.yaml: credentials[3](plain).planHeaders: planHeaders is for subscription profiles; add `kind: subscription` or remove it",
                "plans.yaml: credentials[4](tokenless).token: token is required for hosted provider `claude-plans`; write env:NAME or file:PATH",
                "plans.yaml: credentials[5](shares).switchAt.5h: switchAt must be a used share above 0 and at most 1 (e.g. 0.9 for 90%), got 0",
                "plans.yaml: credentials[5](shares).switchAt.7d: switchAt must be a used share above 0 and at most 1 (e.g. 0.9 for 90%), got 1.5",
                "plans.yaml: credentials[5](shares).switchAt.30d: switchAt must be a used share above 0 and at most 1 (e.g. 0.9 for 90%), got -0.25",
                "plans.yaml: credentials[5](shares).switchAt.5-h: window name `5-h` must be letters, digits or underscores, e.g. 5h or 7d",
                "plans.yaml: credentials[6](roles-empty).reserveFor: reserveFor is empty, so no request could use the profile; list roles, or remove it to serve every role",
                "plans.yaml: credentials[7](roles-unknown).reserveFor: role `coder` is not declared; declared roles: default, plan, batch",
                "plans.yaml: credentials[8](hb-every).heartbeat.every: every is required: how often the heartbeat refreshes the figures, e.g. 5m",
                "plans.yaml: credentials[9](hb-fast).heartbeat.every: every must be at least 10s: each probe spends plan quota",
                "plans.yaml: credentials[10](hb-soon).heartbeat.every: every `soon` is not a duration; write a number and a unit, e.g. 30s, 5m, 5h or 7d (units: w (weeks), d (days), h (hours), m (minutes), s (seconds), ms (milliseconds))",
                $"plans.yaml: credentials[11](hb-both).heartbeat: {ValidHeartbeat}",
                $"plans.yaml: credentials[12](hb-neither).heartbeat: {ValidHeartbeat}",
                "plans.yaml: credentials[13](hb-undeclared).heartbeat.model: model `opus-plan` is not declared; declared models: haiku-plan, sonnet-plan, small",
                "plans.yaml: credentials[14](hb-foreign).heartbeat.model: model `small` is served by provider `local`, not by the profile's provider `claude-plans`; probe a model of `claude-plans`",
                "plans.yaml: credentials[15](hb-absolute).heartbeat.usageUrl: usageUrl must be a path on the provider's own host, starting with `/` (e.g. /api/usage), got `https://evil.example/x`",
                "plans.yaml: credentials[16](hb-host).heartbeat.usageUrl: usageUrl must be a path on the provider's own host, starting with `/` (e.g. /api/usage), got `//evil/x`",
                "plans.yaml: credentials[17](hb-relative).heartbeat.usageUrl: usageUrl must be a path on the provider's own host, starting with `/` (e.g. /api/usage), got `x/no-slash`",
                "plans.yaml: credentials[18](headers).planHeaders[1].header: header is required: the response header's name, e.g. x-vendor-5h-used",
                "plans.yaml: credentials[18](headers).planHeaders[2](x-used).window: window is required: the window it speaks of, e.g. 5h",
                "plans.yaml: credentials[18](headers).planHeaders[3](x-pct).value: value `percent` is not known; write one of utilization, reset-epoch, reset-after-seconds, reset-time",
                "plans.yaml: credentials[18](headers).planHeaders[4](x-reset).scale: scale is for utilization headers only; remove it",
                "plans.yaml: credentials[18](headers).planHeaders[5](x-zero).scale: scale must be positive (1 for a fraction, 100 for a percent), got 0",
            ],
            result.Errors.Select(e => e.ToString()));
    }

    [Theory]
    [InlineData("0", "got 0")]
    [InlineData("1.5", "got 1.5")]
    [InlineData("-0.1", "got -0.1")]
    public void Load_SwitchAtOutsideZeroToOne_OneErrorAtTheWindow(string share, string got)
    {
        var error = Assert.Single(Load($"credentials: [{{ id: max-a, provider: claude-plans, kind: subscription, token: env:PATH, switchAt: {{ 5h: 0.9, 7d: {share} }} }}]").Errors);

        Assert.Equal("credentials[1](max-a).switchAt.7d", error.Path);
        Assert.EndsWith(got, error.Message, StringComparison.Ordinal);
        Assert.Contains("above 0 and at most 1 (e.g. 0.9 for 90%)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://evil.example/x")]
    [InlineData("http://evil.example/x")]
    [InlineData("//evil/x")]
    [InlineData("x/no-slash")]
    [InlineData("/redirect?to=https://evil.example/x")]
    public void Load_UsageUrlNotAPathOnTheProvidersHost_Rejected(string usageUrl)
    {
        var error = Assert.Single(Load($"credentials: [{{ id: max-a, provider: claude-plans, kind: subscription, token: env:PATH, heartbeat: {{ every: 1m, usageUrl: \"{usageUrl}\" }} }}]").Errors);

        Assert.Equal("credentials[1](max-a).heartbeat.usageUrl", error.Path);
        Assert.Equal($"usageUrl must be a path on the provider's own host, starting with `/` (e.g. /api/usage), got `{usageUrl}`", error.Message);
    }

    [Fact]
    public void Load_BoundaryValues_Accepted()
    {
        var definition = LoadOk("""
            credentials:
              - id: edge
                provider: claude-plans
                kind: subscription
                token: env:PATH
                switchAt: { 5h: 1, 7d: 0.01 }
                heartbeat: { every: 10s, model: sonnet-plan }
                planHeaders: [{ header: x_used, window: five_hours, value: utilization, scale: 1 }]
            """);

        var plan = Credential(definition, "edge").Plan!;
        Assert.Equal([new PlanThreshold("5h", 1), new PlanThreshold("7d", 0.01)], plan.Policy.Thresholds);
        Assert.Equal(TimeSpan.FromSeconds(10), plan.Heartbeat!.Every);
        Assert.Equal(new PlanHeaderMapping("x_used", "five_hours", PlanHeaderValue.Utilization, 1), Assert.Single(plan.Mapping));
    }

    [Fact]
    public void Load_ProfileMistakesAlongsideOtherSections_AllReportedTogether()
    {
        var result = Load("""
            credentials:
              - { id: max-a, provider: claude-plans, kind: subscription, apiKey: env:PATH, switchAt: { 5h: 2 }, reserveFor: [coder], heartbeat: { every: 1s, usageUrl: "//evil/x" } }
              - { id: key-a, provider: claude-plans, apiKey: env:PATH, reserveFor: [default], limits: { rpm: 0 } }
            routing: { defaultRole: main }
            """);

        Assert.Equal(
            [
                "plans.yaml: credentials[1](max-a).apiKey: a subscription profile's secret is its `token`; rename apiKey to token",
                "plans.yaml: credentials[1](max-a).token: token is required for hosted provider `claude-plans`; write env:NAME or file:PATH",
                "plans.yaml: credentials[2](key-a).reserveFor: reserveFor is for subscription profiles; add `kind: subscription` or remove it",
                "plans.yaml: credentials[2](key-a).limits.rpm: rpm (requests per minute) must be positive, got 0; remove it for no limit",
                "plans.yaml: credentials[1](max-a).switchAt.5h: switchAt must be a used share above 0 and at most 1 (e.g. 0.9 for 90%), got 2",
                "plans.yaml: credentials[1](max-a).reserveFor: role `coder` is not declared; declared roles: default, plan, batch",
                "plans.yaml: credentials[1](max-a).heartbeat.every: every must be at least 10s: each probe spends plan quota",
                "plans.yaml: credentials[1](max-a).heartbeat.usageUrl: usageUrl must be a path on the provider's own host, starting with `/` (e.g. /api/usage), got `//evil/x`",
                "plans.yaml: routing.defaultRole: defaultRole `main` is not a declared role; use one of: default, plan, batch",
            ],
            result.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Load_UnknownKeyInHeartbeatOrPlanHeader_ReportedWithPosition()
    {
        var result = Load("""
            credentials:
              - id: max-a
                provider: claude-plans
                kind: subscription
                token: env:PATH
                heartbeat: { every: 5m, model: haiku-plan, interval: 1m }
                planHeaders: [{ header: x-used, window: 5h, value: utilization, unit: percent }]
            """);

        Assert.False(result.Ok);
        Assert.Contains(result.Errors, e => e.Path == "credentials[1](max-a).heartbeat.interval");
        Assert.Contains(result.Errors, e => e.Path == "credentials[1](max-a).planHeaders[1].unit");
    }

    [Fact]
    public void Load_MistypedKindOrBadNames_OneErrorEachSayingWhatIsWrong()
    {
        var result = Load("""
            credentials:
              - { id: typo, provider: claude-plans, kind: subscripton, token: env:PATH }
              - id: names
                provider: claude-plans
                kind: subscription
                token: env:PATH
                reserveFor: [~]
                planHeaders: [{ header: 'x acme', window: '5 h' }]
              - { id: lost, provider: nope, kind: subscription, token: env:PATH, heartbeat: { every: 5m, model: haiku-plan } }
            """);

        Assert.Equal(
            [
                "plans.yaml: credentials[1](typo).kind: kind `subscripton` is not known; write `key` (an API key, the default) or `subscription` (a plan profile)",
                "plans.yaml: credentials[3](lost).provider: provider `nope` is not declared; declared providers: claude-plans, local",
                "plans.yaml: credentials[2](names).reserveFor: reserveFor lists an empty entry; name a declared role",
                "plans.yaml: credentials[2](names).planHeaders[1](x acme).header: header `x acme` is not a header name; use letters, digits, `-` and `_` only",
                "plans.yaml: credentials[2](names).planHeaders[1](x acme).window: window name `5 h` must be letters, digits or underscores, e.g. 5h",
                "plans.yaml: credentials[2](names).planHeaders[1](x acme).value: value is required: what the header carries, one of utilization, reset-epoch, reset-after-seconds, reset-time",
            ],
            result.Errors.Select(e => e.ToString()));
    }
}
