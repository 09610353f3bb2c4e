using System.Security.Cryptography;
using System.Text;
using RoutingCluster.Tenants;
using RoutingCluster.Testing;
using Xunit;

namespace RoutingCluster.Configuration.Tests;

public sealed class TenantConfigTests
{
    private const string Base = """
        providers:
          - { id: eu-hosted, protocol: openai-chat, baseUrl: "http://127.0.0.1:9/v1", region: eu }
          - { id: us-hosted, protocol: openai-chat, baseUrl: "http://127.0.0.1:9/v1", region: us }
          - { id: lab, protocol: openai-chat, baseUrl: "http://127.0.0.1:9/v1", class: local }
        credentials:
          - { id: eu-a, provider: eu-hosted, apiKey: env:PATH }
          - { id: us-a, provider: us-hosted, apiKey: env:PATH }
        models:
          - { id: eu-model, provider: eu-hosted, upstreamModel: m, contextWindow: 8000 }
          - { id: us-model, provider: us-hosted, upstreamModel: m, contextWindow: 8000 }
          - { id: lab-model, provider: lab, upstreamModel: m, contextWindow: 8000 }
        roles:
          default: { chain: [ { models: [eu-model, us-model, lab-model] } ] }
          smol: { chain: [ { model: lab-model } ] }

        """;

    private static readonly string Hash = HashOf("rc-known-key");

    private static string HashOf(string key) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <param name="owner">Gives that credential of the base config an owner.</param>
    private static ConfigLoadResult Load(string yaml, (string Credential, string Tenant)? owner = null)
    {
        var text = Base;
        if (owner is var (credential, tenant))
        {
            text = text.Replace($"{{ id: {credential}, ", $"{{ owner: {tenant}, id: {credential}, ", StringComparison.Ordinal);
        }

        return ConfigLoader.Load(text + yaml, "teams.yaml", EnvironmentSecretResolver.Default, RegisteredNames.BuiltIn);
    }

    [Fact]
    public void Load_TwoTenantsAndAnAdminKey_BuildsTenantsKeysPolicyBudgetsAndOwnership()
    {
        using var secret = TestEnvironment.SetSecret("rc-referenced-key");
        using var adminSecret = TestEnvironment.SetSecret("rc-admin-key");
        var result = Load($$"""
            tenants:
              - id: eu-team
                name: EU team
                keys: [{ id: eu-laptop, hash: "{{Hash}}", budgets: [{ period: day, tokens: 5000 }] }, { id: eu-old, secret: "{{secret.Reference}}", revoked: true }]
                policy: { regions: [eu], classes: [hosted], roles: [default], preferLocal: true }
                byok: only
                budgets: [{ period: month, usd: 50, warnAt: 0.9, timeZone: Europe/Berlin }]
                limits: { rpm: 60, concurrency: 4 }
              - id: lab-team
                keys: [{ id: lab-ci, hash: "{{HashOf("rc-lab-key").ToUpperInvariant().Replace("SHA256:", "sha256:", StringComparison.Ordinal)}}" }]
            adminKeys: [{ id: ops, secret: "{{adminSecret.Reference}}" }]
            """, owner: ("eu-a", "eu-team"));

        Assert.True(result.Ok, string.Join("\n", result.Errors));
        var definition = result.Definition!;
        var eu = definition.Tenants["eu-team"];
        Assert.Equal(("EU team", false, ByokMode.Only), (eu.Name, eu.Admin, eu.Byok));
        Assert.Equal(["eu"], eu.Policy.Regions!);
        Assert.Equal([ProviderClass.Hosted], eu.Policy.Classes!);
        Assert.True(eu.Policy.PreferLocal);
        Assert.Null(eu.Policy.Providers);
        var month = Assert.Single(eu.Budgets);
        Assert.Equal(("eu-team/month", BudgetPeriod.Month, 50m, (long?)null, 0.9, "Europe/Berlin"), (month.Id, month.Period, month.Usd, month.Tokens, month.WarnAt, month.TimeZone.Id));
        Assert.Equal("eu-team/eu-laptop/day", Assert.Single(eu.KeyBudgets["eu-laptop"]).Id);
        Assert.Equal(4, eu.Limits.Concurrency);
        Assert.Equal("eu-team", definition.Credentials.Single(c => c.Id == "eu-a").Owner);
        Assert.Null(definition.Credentials.Single(c => c.Id == "us-a").Owner);
        Assert.Equal("lab-team", definition.Tenants["lab-team"].Name);
        Assert.Equal(
            [("eu-laptop", "eu-team", false, false), ("eu-old", "eu-team", false, true), ("lab-ci", "lab-team", false, false), ("ops", null, true, false)],
            definition.GatewayKeys.Select(k => (k.Id, k.TenantId, k.Admin, k.Revoked)));
        Assert.Equal(SHA256.HashData("rc-known-key"u8), definition.GatewayKeys[0].Sha256);
        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes("rc-referenced-key")), definition.GatewayKeys[1].Sha256);
        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes("rc-lab-key")), definition.GatewayKeys[2].Sha256);
    }

    [Fact]
    public void Load_EveryTenantMistake_ReportsEachOneAtOnceWithPathAndFix()
    {
        var result = Load($$"""
            tenants:
              - id: "bad id"
                keys: []
              - id: eu-team
                keys:
                  - { hash: "{{Hash}}" }
                  - { id: twin, hash: "{{Hash}}" }
                  - { id: both, hash: "{{Hash}}", secret: env:PATH }
                  - { id: short, hash: "sha256:abc" }
                  - { id: plain, hash: "rc-pasted-the-key-itself" }
                policy: { roles: [plan], models: [gpt-9], providers: [], regions: [mars], classes: [edge] }
                byok: sometimes
                budgets:
                  - { period: week, usd: -1 }
                  - { period: day, warnAt: 1.5, timeZone: Mars/Olympus }
                  - { period: day, tokens: 10 }
                limits: { rpm: 0 }
              - id: eu-team
                keys: [{ id: dup, secret: env:RC_TEST_UNSET_TENANT_KEY }]
                byok: only
              - id: anonymous
                keys: [{ id: anon, hash: "{{Hash.Replace('0', '2')}}" }]
            adminKeys:
              - { id: twin, hash: "{{Hash.Replace('0', '3')}}", budgets: [{ period: day, usd: 1 }] }
            server:
              metrics: { requireAdminKey: true, port: 70000 }
            """, owner: ("us-a", "nobody"));

        Assert.False(result.Ok);
        Assert.Equal(
            [
                "teams.yaml: tenants[1](bad id).id: tenant id `bad id` may hold only letters, digits, `.`, `_` and `-` (it names metrics and budgets)",
                "teams.yaml: tenants[1](bad id).keys: a tenant needs at least one key; mint one with `RoutingCluster.Gateway keys new` and paste the line it prints",
                "teams.yaml: tenants[2](eu-team).keys[1]: id is required; name the key (who or what uses it), e.g. `id: ci-runner`",
                "teams.yaml: tenants[2](eu-team).keys[2](twin): is the same key as tenants[2](eu-team).keys[1]; a key must let in one caller, so remove one of them",
                "teams.yaml: tenants[2](eu-team).keys[3](both): give exactly one of `hash: sha256:HEX` (the line `keys new` prints) and `secret: env:NAME` / `file:PATH`",
                "teams.yaml: tenants[2](eu-team).keys[4](short).hash: the hash has 3 characters, not 64 hex digits; write `sha256:` and the 64 hex digits `RoutingCluster.Gateway keys new` prints, or `keys hash` for an existing key",
                "teams.yaml: tenants[2](eu-team).keys[5](plain).hash: `rc-paste...` is not a key hash; write `sha256:` and the 64 hex digits `RoutingCluster.Gateway keys new` prints, or `keys hash` for an existing key",
                "teams.yaml: tenants[2](eu-team).policy.roles[1]: role `plan` is not declared; declared: default, smol",
                "teams.yaml: tenants[2](eu-team).policy.models[1]: model `gpt-9` is not declared; declared: eu-model, us-model, lab-model",
                "teams.yaml: tenants[2](eu-team).policy.providers: an empty list allows no provider at all, so every request would be refused; remove the line to allow any provider",
                "teams.yaml: tenants[2](eu-team).policy.regions[1]: region `mars` is not declared; declared: eu, us, default (the regions of the declared providers)",
                "teams.yaml: tenants[2](eu-team).policy.classes[1]: unknown provider class `edge`; use one of: local, hosted",
                "teams.yaml: tenants[2](eu-team).byok: unknown byok mode `sometimes`; use one of: first, only, never (first: own keys before pooled ones; only: own keys alone; never: no preference)",
                "teams.yaml: tenants[2](eu-team).budgets[1].period: unknown period `week`; use one of: day, month",
                "teams.yaml: tenants[2](eu-team).budgets[1].usd: usd must be positive, got -1; remove it for no dollar cap",
                "teams.yaml: tenants[2](eu-team).budgets[2]: a budget needs usd, tokens or both, e.g. `usd: 50`",
                "teams.yaml: tenants[2](eu-team).budgets[2].warnAt: warnAt is a fraction of the budget above 0 and at most 1, e.g. 0.8, got 1.5",
                "teams.yaml: tenants[2](eu-team).budgets[2].timeZone: unknown time zone `Mars/Olympus`; write an IANA id such as UTC, Europe/Berlin or America/New_York",
                "teams.yaml: tenants[2](eu-team).budgets[3].period: a second `day` budget; merge them into one (usd and tokens may be set together)",
                "teams.yaml: tenants[2](eu-team).limits.rpm: rpm (requests per minute) must be positive, got 0; remove it for no limit",
                "teams.yaml: tenants[3](eu-team).id: tenant id `eu-team` is declared more than once; tenant ids must be unique",
                "teams.yaml: tenants[3](eu-team).keys[1](dup).secret: environment variable `RC_TEST_UNSET_TENANT_KEY` is not set or is empty; set RC_TEST_UNSET_TENANT_KEY to the secret, or change the reference",
                "teams.yaml: tenants[4](anonymous).id: `anonymous` is the name the gateway gives callers when no key is configured; choose another id",
                "teams.yaml: adminKeys[1](twin).budgets: an admin key sends no model requests, so it has no budget; remove `budgets` or give the key to a tenant",
                "teams.yaml: adminKeys[1](twin).id: key id `twin` is also used at tenants[2](eu-team).keys[2](twin); key ids must be unique across tenants and adminKeys",
                "teams.yaml: credentials[2](us-a).owner: owner `nobody` is not a declared tenant; declared tenants: bad id, eu-team, anonymous, or remove `owner` to pool the key",
                "teams.yaml: server.metrics.requireAdminKey: scrapes would need an admin key but none is configured; add one to `adminKeys` (or `admin: true` on a tenant), or remove requireAdminKey",
                "teams.yaml: server.metrics.port: port must be 1-65535, got 70000; remove it to serve /metrics on the API's port",
            ],
            result.Errors.Select(e => e.ToString()));
        Assert.DoesNotContain(result.Errors, e => e.Message.Contains("rc-pasted-the-key-itself", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_ByokOnlyWithoutAnOwnedKey_AndMetricsKeyWithoutAnAdminKey_AreErrors()
    {
        var result = Load($$"""
            tenants:
              - { id: solo, byok: only, keys: [{ id: solo-key, hash: "{{Hash}}" }] }
            server:
              metrics: { requireAdminKey: true }
            """);

        Assert.Equal(
            [
                "teams.yaml: tenants[1](solo).byok: byok is `only` but no credential has `owner: solo`, so every request would be refused; add one or use `first`",
                "teams.yaml: server.metrics.requireAdminKey: scrapes would need an admin key but none is configured; add one to `adminKeys` (or `admin: true` on a tenant), or remove requireAdminKey",
            ],
            result.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Load_NoTenants_IsAnOpenGatewayWithNoKey()
    {
        var result = Load("");

        Assert.True(result.Ok, string.Join("\n", result.Errors));
        Assert.Empty(result.Definition!.GatewayKeys);
        Assert.Empty(result.Definition.Tenants);
    }
}
