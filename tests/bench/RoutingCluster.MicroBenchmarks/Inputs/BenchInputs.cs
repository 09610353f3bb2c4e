using RoutingCluster.Configuration;
using RoutingCluster.Entities;

namespace RoutingCluster.MicroBenchmarks.Inputs;

/// <summary>
/// The config every benchmark routes with: the demo's roles and rules, plus a provider with
/// eight keys (per-minute and 5h windows) behind a headroom step, so ranking has work to do.
/// </summary>
public static class BenchInputs
{
    /// <summary>A fixed "now": benchmarks never read the wall clock.</summary>
    public static readonly DateTimeOffset Now = new(2025, 6, 2, 12, 0, 0, TimeSpan.Zero);

    public const string WideRole = "wide";

    public const string Yaml = """
        providers:
          - { id: sim-fast, protocol: simulated, region: local, class: local }
          - { id: sim-smart, protocol: simulated, region: local, class: local }
          - { id: sim-wide, protocol: simulated, region: local, class: local }

        credentials:
          - { id: fast-key-1, provider: sim-fast, limits: { rpm: 60, tpm: 200000, concurrency: 8 } }
          - { id: fast-key-2, provider: sim-fast, limits: { rpm: 60, tpm: 200000, concurrency: 8 } }
          - { id: smart-subscription-1, provider: sim-smart, limits: { concurrency: 4, windows: [ { span: 5h, requests: 200 } ] } }
          - { id: wide-key-1, provider: sim-wide, limits: { rpm: 600, tpm: 2000000, concurrency: 16, windows: [ { span: 5h, requests: 5000, tokens: 50000000 } ] } }
          - { id: wide-key-2, provider: sim-wide, limits: { rpm: 600, tpm: 2000000, concurrency: 16, windows: [ { span: 5h, requests: 5000, tokens: 50000000 } ] } }
          - { id: wide-key-3, provider: sim-wide, limits: { rpm: 600, tpm: 2000000, concurrency: 16, windows: [ { span: 5h, requests: 5000, tokens: 50000000 } ] } }
          - { id: wide-key-4, provider: sim-wide, limits: { rpm: 600, tpm: 2000000, concurrency: 16, windows: [ { span: 5h, requests: 5000, tokens: 50000000 } ] } }
          - { id: wide-key-5, provider: sim-wide, limits: { rpm: 600, tpm: 2000000, concurrency: 16, windows: [ { span: 5h, requests: 5000, tokens: 50000000 } ] } }
          - { id: wide-key-6, provider: sim-wide, limits: { rpm: 600, tpm: 2000000, concurrency: 16, windows: [ { span: 5h, requests: 5000, tokens: 50000000 } ] } }
          - { id: wide-key-7, provider: sim-wide, limits: { rpm: 600, tpm: 2000000, concurrency: 16, windows: [ { span: 5h, requests: 5000, tokens: 50000000 } ] } }
          - { id: wide-key-8, provider: sim-wide, limits: { rpm: 600, tpm: 2000000, concurrency: 16, windows: [ { span: 5h, requests: 5000, tokens: 50000000 } ] } }

        models:
          - { id: fast-small, provider: sim-fast, upstreamModel: sim-small-1, contextWindow: 32000, maxOutput: 8192, capabilities: [tools], price: { input: 0.15, output: 0.60 } }
          - { id: smart-large, provider: sim-smart, upstreamModel: sim-large-1, contextWindow: 128000, maxOutput: 32000, capabilities: [tools, vision, thinking], price: { input: 3.00, output: 15.00 } }
          - { id: wide-medium, provider: sim-wide, upstreamModel: sim-medium-1, contextWindow: 200000, maxOutput: 16000, capabilities: [tools, vision], price: { input: 1.00, output: 4.00 } }

        roles:
          default:
            chain:
              - { models: [smart-large], strategy: drain }
              - { models: [fast-small], strategy: headroom }
          smol:
            chain:
              - { models: [fast-small], strategy: round-robin }
          background:
            chain:
              - { models: [fast-small], strategy: headroom }
          think:
            chain:
              - { model: smart-large }
          longContext:
            chain:
              - { model: smart-large }
          wide:
            chain:
              - { models: [wide-medium], strategy: headroom }
              - { models: [fast-small], strategy: priority }

        aliases:
          fast: smol
          best: smart-large

        routing:
          defaultRole: default
          rules:
            - { when: { modelMatches: "*haiku*" }, role: background }
            - { when: { thinking: true }, role: think }
            - { when: { estimatedTokensOver: 60000 }, role: longContext }
            - { when: { modelMatches: "claude-*" }, role: default }
            - { when: { modelMatches: "gpt-*" }, role: default }

        store: { kind: memory }
        """;

    public static GatewayDefinition LoadModel()
    {
        var result = ConfigLoader.Load(Yaml, "micro-benchmark config", EnvironmentSecretResolver.Default, RegisteredNames.BuiltIn);
        return result.Definition ?? throw new InvalidOperationException(
            "The benchmark config is invalid: " + string.Join("; ", result.Errors.Select(e => e.ToString())));
    }

    public static CredentialPolicy PolicyFor(GatewayDefinition model, CredentialDefinition credential) =>
        new(credential.Limits, model.Resilience.Breaker, credential.Fingerprint);

    /// <summary>
    /// A credential state with five hours of history: requests every 90 s over the 5h window, a
    /// burst every 3 s in the last minute, and <paramref name="inFlight"/> leases still open.
    /// </summary>
    public static CredentialState StateWithHistory(CredentialPolicy policy, int inFlight, int seed)
    {
        var state = CredentialState.Initial;
        var lease = 0;
        var start = Now - TimeSpan.FromHours(5) + TimeSpan.FromSeconds(seed * 7);
        for (var at = start; at < Now - TimeSpan.FromMinutes(1); at += TimeSpan.FromSeconds(90))
        {
            state = AcquireAndSettle(state, policy, $"h-{lease++}", at, 2_000 + (seed * 100));
        }

        for (var at = Now - TimeSpan.FromSeconds(59); at < Now - TimeSpan.FromSeconds(10); at += TimeSpan.FromSeconds(3))
        {
            state = AcquireAndSettle(state, policy, $"b-{lease++}", at, 1_500);
        }

        for (var i = 0; i < inFlight; i++)
        {
            state = CredentialTransitions.Acquire(state, Acquire(policy, $"f-{lease++}"), Now - TimeSpan.FromSeconds(5 - i)).State;
        }

        return state;
    }

    public static AcquireCommand Acquire(CredentialPolicy policy, string leaseId) =>
        new(leaseId, 4_096, TimeSpan.FromMinutes(10), policy);

    public static SettleCommand Settle(CredentialPolicy policy, string leaseId, long tokens) =>
        new(leaseId, new AttemptOutcome(OutcomeKind.Success, 200, tokens, TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(300)), policy, new CooldownPolicy(TimeSpan.FromSeconds(15), CooldownPolicy.DefaultMaxLearnedWait));

    private static CredentialState AcquireAndSettle(CredentialState state, CredentialPolicy policy, string leaseId, DateTimeOffset at, long tokens)
    {
        state = CredentialTransitions.Acquire(state, Acquire(policy, leaseId), at).State;
        return CredentialTransitions.Settle(state, Settle(policy, leaseId, tokens), at + TimeSpan.FromSeconds(2)).State;
    }
}
