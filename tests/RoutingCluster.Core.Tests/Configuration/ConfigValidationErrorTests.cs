using RoutingCluster.Testing;
using Xunit;

namespace RoutingCluster.Configuration.Tests;

public sealed class ConfigValidationErrorTests
{
    private static ConfigLoadResult Load(string yaml) => ConfigLoader.Load(yaml, "bad.yaml", EnvironmentSecretResolver.Default, RegisteredNames.BuiltIn);

    [Fact]
    public void Load_ManyMistakes_ReportsEveryOneWithExactMessage()
    {
        using var gatewayKey = TestEnvironment.SetSecret("gw-secret-value");
        var unset = $"RC_TEST_UNSET_{Guid.NewGuid():N}".ToUpperInvariant();
        var yaml = $$"""
            providers:
              - id: openai
                protocol: openai-chat
                simulation: { latency: 1s }
              - id: proxy
                protocol: openai-chat
                baseUrl: api.example.com/v1
              - id: sim
                protocol: grpc
              - id: openai
                protocol: simulated
            credentials:
              - id: a
                provider: openai
                apiKey: env:{{unset}}
                limits:
                  rpm: 0
                  windows:
                    - span: 5x
                      requests: 10
                    - span: 5h
              - id: b
                provider: anthropic
              - id: c
                provider: proxy
            models:
              - id: gpt-4o
                provider: openai
                upstreamModle: gpt-4o
                contextWindow: 1000
                maxOutput: 2000
                capabilities: [tools, audio]
              - id: plan
                provider: proxy
                upstreamModel: x
                contextWindow: 1000
            roles:
              plan:
                chain:
                  - model: gpt-5
                    strategy: fastest
                  - model: gpt-4o
                    models: [gpt-4o]
            aliases:
              plan: gpt-4o
              quick: nowhere
            routing:
              defaultRole: main
              rules:
                - role: plan
                - when: { tools: true }
                  role: coder
            adminKeys:
              - { id: ops, secret: "{{gatewayKey.Reference}}" }
              - { id: ops2, secret: "{{gatewayKey.Reference}}" }
            store:
              kind: redis
            resilience:
              requestTimeout: "10"
              breaker:
                failureRatio: 1.5
            """;

        var result = Load(yaml);

        Assert.False(result.Ok);
        Assert.Null(result.Definition);
        Assert.Equal(
            [
                "bad.yaml: models[1](gpt-4o).upstreamModle: unknown key `upstreamModle` in `models[1](gpt-4o)` (line 29, column 5); allowed keys: id, provider, upstreamModel, contextWindow, maxOutput, capabilities, price",
                "bad.yaml: providers[1](openai).baseUrl: baseUrl is required for protocol `openai-chat`; give the API root, e.g. `https://api.openai.com/v1` (the gateway appends /chat/completions)",
                "bad.yaml: providers[1](openai).simulation: simulation is only allowed with protocol `simulated`; remove it, or set protocol: simulated",
                "bad.yaml: providers[2](proxy).baseUrl: baseUrl `api.example.com/v1` is not an absolute http or https URL; give the API root, e.g. `https://api.openai.com/v1` (the gateway appends /chat/completions)",
                "bad.yaml: providers[3](sim).protocol: unknown protocol `grpc`; use one of: openai-chat, anthropic-messages, openai-responses, simulated",
                "bad.yaml: providers[4](openai).id: provider id `openai` is declared more than once; provider ids must be unique",
                $"bad.yaml: credentials[1](a).apiKey: environment variable `{unset}` is not set or is empty; set {unset} to the secret, or change the reference",
                "bad.yaml: credentials[1](a).limits.rpm: rpm (requests per minute) must be positive, got 0; remove it for no limit",
                "bad.yaml: credentials[1](a).limits.windows[1].span: span `5x` is not a duration; write a number and a unit, e.g. 30s, 5m, 5h or 7d (units: w (weeks), d (days), h (hours), m (minutes), s (seconds), ms (milliseconds))",
                "bad.yaml: credentials[1](a).limits.windows[2]: a window needs requests, tokens or both, e.g. `requests: 500`",
                "bad.yaml: credentials[2](b).provider: provider `anthropic` is not declared; declared providers: openai, proxy, sim",
                "bad.yaml: credentials[3](c).apiKey: apiKey is required for hosted provider `proxy`; write env:NAME or file:PATH",
                "bad.yaml: models[1](gpt-4o).upstreamModel: upstreamModel is required: the model name the provider expects, e.g. `upstreamModel: gpt-4o-mini`",
                "bad.yaml: models[1](gpt-4o).maxOutput: maxOutput 2000 is larger than contextWindow 1000; lower it",
                "bad.yaml: models[1](gpt-4o).capabilities[2]: unknown capability `audio`; use any of: tools, vision, thinking",
                "bad.yaml: models[2](plan).id: model id `plan` is also the name of role `plan`; a requested name must mean one thing, so rename the model or the role",
                "bad.yaml: roles.plan.chain[1].model: role `plan` step 1 names model `gpt-5`, which no model declares; declared: gpt-4o, plan",
                "bad.yaml: roles.plan.chain[1].strategy: role `plan` step 1 has unknown strategy `fastest`; known strategies: priority, headroom, round-robin, latency, cost, drain",
                "bad.yaml: roles.plan.chain[2]: role `plan` step 2 sets both model and models; keep one (models: [a, b] for several)",
                "bad.yaml: aliases.plan: alias `plan` has the same name as role `plan`; a requested name must mean one thing, so rename the alias",
                "bad.yaml: aliases.quick: alias `quick` targets `nowhere`, which is neither a role nor a model; roles: plan; models: gpt-4o, plan",
                "bad.yaml: routing.defaultRole: defaultRole `main` is not a declared role; use one of: plan",
                "bad.yaml: routing.rules[1].when: rule 1 has no condition; set at least one of modelMatches, thinking, effort, estimatedTokensOver, tools, vision (for a catch-all use routing.defaultRole)",
                "bad.yaml: routing.rules[2].role: rule 2 names role `coder`, which is not declared; declared roles: plan",
                "bad.yaml: adminKeys[2](ops2): is the same key as adminKeys[1](ops); a key must let in one caller, so remove one of them",
                "bad.yaml: store.kind: unknown store kind `redis`; use one of: memory, postgres",
                "bad.yaml: resilience.requestTimeout: requestTimeout `10` is not a duration; write a number and a unit, e.g. 30s, 5m, 5h or 7d (units: w (weeks), d (days), h (hours), m (minutes), s (seconds), ms (milliseconds))",
                "bad.yaml: resilience.breaker.failureRatio: failureRatio must be above 0 and at most 1 (a fraction of attempts), got 1.5",
            ],
            result.Errors.Select(e => e.ToString()));
        Assert.Equal((29, 5), (result.Errors[0].Line, result.Errors[0].Column));
        Assert.DoesNotContain(result.Errors, e => e.Message.Contains("gw-secret-value", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_HostedProviderWithModelsButNoCredential_AsksForOne()
    {
        const string Yaml = """
            providers: [{ id: openai, protocol: openai-chat, baseUrl: "https://api.openai.com/v1" }]
            models: [{ id: gpt-4o, provider: openai, upstreamModel: gpt-4o, contextWindow: 128000 }]
            roles: { default: { chain: [{ model: gpt-4o }] } }
            """;

        AssertErrors(Yaml,
            "bad.yaml: providers[1](openai): hosted provider `openai` serves models (gpt-4o) but has no credential; declare a credential with provider: openai and an apiKey");
    }

    [Fact]
    public void Load_NothingDeclared_SaysWhatToDeclare()
    {
        AssertErrors("store: { kind: memory }",
            "bad.yaml: providers: no provider is declared; declare at least one, e.g. `- id: local` with `protocol: simulated`, or `protocol: openai-chat` with a `baseUrl`",
            "bad.yaml: models: no model is declared; declare at least one, e.g. `- id: small` with `provider`, `upstreamModel` and `contextWindow`",
            "bad.yaml: roles: no role is declared; declare at least one, e.g. `default:` with `chain: [{ model: <model id> }]`");
    }

    [Fact]
    public void Load_EmptyFile_ReportsEmptyConfig()
    {
        AssertErrors("# nothing yet\n",
            "bad.yaml: (file): the config is empty; declare providers, credentials, models and roles");
    }

    [Fact]
    public void Load_SyntaxError_ReportsLineAndColumn()
    {
        var result = Load("providers:\n  - id: a\n  bad: [1, 2\n");

        var error = Assert.Single(result.Errors);
        Assert.Equal(ConfigError.YamlPath, error.Path);
        Assert.StartsWith("YAML syntax error at line ", error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.Line);
    }

    [Fact]
    public void Load_WrongShapesAndTypes_ReportsEachWithPosition()
    {
        const string Yaml = """
            providers:
              id: local
            models:
              - id: m
                contextWindow: lots
            server: { maxRequestBodyBytes: 1.5 }
            colour: blue
            """;

        AssertErrors(Yaml,
            "bad.yaml: providers: expected a list (lines starting with `- `) here, found a mapping (line 2, column 3)",
            "bad.yaml: models[1](m).contextWindow: `lots` is not a whole number (line 5, column 20)",
            "bad.yaml: server.maxRequestBodyBytes: `1.5` is not a whole number (line 6, column 32)",
            "bad.yaml: colour: unknown key `colour` at the top level (line 7, column 1); allowed keys: providers, credentials, models, roles, aliases, routing, tenants, adminKeys, store, server, resilience, cluster, limits");
    }

    [Fact]
    public void Load_DuplicateYamlKey_ReportsPosition()
    {
        var result = Load("store: { kind: memory }\nstore: { kind: postgres }\n");

        Assert.Equal("bad.yaml: (yaml): YAML syntax error at line 2, column 1: Duplicate key store", Assert.Single(result.Errors).ToString());
    }

    [Fact]
    public void Load_BadSettings_ReportsEach()
    {
        const string Yaml = """
            providers: [{ id: local, protocol: simulated, class: remote, simulation: { latency: soon, failureRate: 2, tokensPerSecond: 0 } }]
            models: [{ id: m, provider: local, upstreamModel: m, contextWindow: 0, price: { input: -1 } }]
            roles: { main: { chain: [{ models: [] }, { model: m, strategy: priority }, { models: [m, m] }] } }
            aliases: { m: main }
            routing:
              defaultRole: main
              rules:
                - when: { estimatedTokensOver: 0 }
                  role: m
            store: { kind: postgres }
            server: { maxRequestBodyBytes: 0 }
            resilience: { attemptTimeout: 2m, requestTimeout: 1m, breaker: { consecutiveFailures: 0, minimumThroughput: 0, halfOpenProbes: 0, breakDuration: 0s, samplingWindow: 1y } }
            """;

        AssertErrors(Yaml,
            "bad.yaml: providers[1](local).class: unknown class `remote`; use one of: local, hosted",
            "bad.yaml: providers[1](local).simulation.latency: latency `soon` is not a duration; write a number and a unit, e.g. 150ms or 2s (units: w (weeks), d (days), h (hours), m (minutes), s (seconds), ms (milliseconds))",
            "bad.yaml: providers[1](local).simulation.tokensPerSecond: tokensPerSecond must be positive, got 0; e.g. 80",
            "bad.yaml: providers[1](local).simulation.failureRate: failureRate must be between 0 and 1 (a fraction of requests), got 2",
            "bad.yaml: models[1](m).contextWindow: contextWindow must be a positive number of tokens, got 0",
            "bad.yaml: models[1](m).price.input: price must be zero or more (USD per million tokens), got -1",
            "bad.yaml: roles.main.chain[1].models: role `main` step 1 has an empty models list; name at least one model id, declared: m",
            "bad.yaml: roles.main.chain[3].models[2]: role `main` step 3 lists model `m` more than once; keep one",
            "bad.yaml: aliases.m: alias `m` has the same name as model `m`; a requested name must mean one thing, so rename the alias",
            "bad.yaml: routing.rules[1].when.estimatedTokensOver: rule 1 has estimatedTokensOver 0; it must be a positive number of tokens",
            "bad.yaml: routing.rules[1].role: rule 1 names role `m`, which is not declared; declared roles: main",
            "bad.yaml: store.connectionString: store kind `postgres` needs connectionString: env:NAME or file:PATH holding the Npgsql connection string",
            "bad.yaml: server.maxRequestBodyBytes: maxRequestBodyBytes must be a positive number of bytes, got 0; the default is 10485760 (10 MiB)",
            "bad.yaml: resilience.attemptTimeout: attemptTimeout 2m is longer than requestTimeout 1m; an attempt cannot outlast its request, lower attemptTimeout or raise requestTimeout",
            "bad.yaml: resilience.breaker.consecutiveFailures: consecutiveFailures must be at least 1, got 0",
            "bad.yaml: resilience.breaker.minimumThroughput: minimumThroughput must be at least 1, got 0",
            "bad.yaml: resilience.breaker.halfOpenProbes: halfOpenProbes must be at least 1, got 0",
            "bad.yaml: resilience.breaker.samplingWindow: samplingWindow `1y` is not a duration; write a number and a unit, e.g. 30s, 5m, 5h or 7d (units: w (weeks), d (days), h (hours), m (minutes), s (seconds), ms (milliseconds))",
            "bad.yaml: resilience.breaker.breakDuration: breakDuration `0s` must be longer than zero");
    }

    [Fact]
    public void Load_BadMaxLearnedWait_ReportsPathAndValue()
    {
        const string Yaml = """
            providers:
              - { id: a, protocol: simulated, maxLearnedWait: soon }
              - { id: b, protocol: simulated, maxLearnedWait: 0s }
            models: [{ id: m, provider: a, upstreamModel: m, contextWindow: 1000 }]
            roles: { default: { chain: [{ model: m }] } }
            """;

        AssertErrors(Yaml,
            "bad.yaml: providers[1](a).maxLearnedWait: maxLearnedWait `soon` is not a duration; write a number and a unit, e.g. 30s, 5m, 5h or 7d (units: w (weeks), d (days), h (hours), m (minutes), s (seconds), ms (milliseconds))",
            "bad.yaml: providers[2](b).maxLearnedWait: maxLearnedWait `0s` must be longer than zero");
    }

    [Fact]
    public void Load_RuleNamingAliasOfRole_ResolvesToRole()
    {
        const string Yaml = """
            providers: [{ id: local, protocol: simulated }]
            models: [{ id: m, provider: local, upstreamModel: m, contextWindow: 1000 }]
            roles: { default: { chain: [{ model: m }] }, plan: { chain: [{ model: m }] } }
            aliases: { thinker: plan }
            routing: { rules: [{ when: { thinking: true }, role: thinker }] }
            """;

        var result = Load(Yaml);

        Assert.True(result.Ok, string.Join("\n", result.Errors));
        Assert.Equal("plan", Assert.Single(result.Definition.Rules).Role);
    }

    [Fact]
    public void Load_RawSecretInApiKey_NeverEchoesIt()
    {
        const string Yaml = """
            providers: [{ id: openai, protocol: openai-chat, baseUrl: "https://api.openai.com/v1" }]
            credentials: [{ id: a, provider: openai, apiKey: sk-raw-pasted-key }]
            models: [{ id: gpt-4o, provider: openai, upstreamModel: gpt-4o, contextWindow: 128000 }]
            roles: { default: { chain: [{ model: gpt-4o }] } }
            """;

        var result = Load(Yaml);

        var error = Assert.Single(result.Errors);
        Assert.Equal("credentials[1](a).apiKey", error.Path);
        Assert.DoesNotContain("sk-raw-pasted-key", error.ToString(), StringComparison.Ordinal);
    }

    private static void AssertErrors(string yaml, params string[] expected)
    {
        var result = Load(yaml);

        Assert.False(result.Ok);
        Assert.Equal(expected, result.Errors.Select(e => e.ToString()));
    }
}
