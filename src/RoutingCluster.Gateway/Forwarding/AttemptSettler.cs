using RoutingCluster.Configuration;
using RoutingCluster.Entities;
using RoutingCluster.Routing;

namespace RoutingCluster.Gateway.Forwarding;

/// <summary>Applies the settle transitions of one finished attempt to its credential and provider.</summary>
/// <param name="storeStatus">While the shared store is unreachable, each node enforces its share of every limit;
/// read at each decision, since the store may recover (or fail) in the middle of a request.</param>
public sealed class AttemptSettler(IEntityStore store, TimeProvider time, GatewayDefinition config, IStoreStatus storeStatus)
{
    /// <summary>Cooldown after a 429 that carried no retry hint.</summary>
    public static readonly TimeSpan DefaultCooldown = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Provider states read for ranking during this request (one read per provider), reused when
    /// acquiring and to decide whether settling the provider is needed at all.
    /// </summary>
    public Dictionary<string, ProviderState> Providers { get; } = new(StringComparer.Ordinal);

    /// <summary>Credential states read for ranking during this request, handed to the acquire so a shared store can skip its read.</summary>
    public Dictionary<string, CredentialState> Credentials { get; } = new(StringComparer.Ordinal);

    public TimeSpan Elapsed(long startedAt) => time.GetElapsedTime(startedAt);

    public CredentialPolicy PolicyFor(Candidate candidate) =>
        new(candidate.Credential.Limits.DividedAmong(storeStatus.LimitDivisor), config.Resilience.Breaker, candidate.Credential.Fingerprint);

    public async Task SettleAsync(Candidate candidate, string leaseId, AttemptOutcome outcome)
    {
        // Settling must happen even when the caller has gone: never tie it to the request's token.
        var policy = PolicyFor(candidate);
        await store.SettleCredentialAsync(candidate.Credential.Id, new SettleCommand(leaseId, outcome, policy, DefaultCooldown), CancellationToken.None);
        if (!Providers.TryGetValue(candidate.Provider.Id, out var provider) || ProviderTransitions.SettleMatters(provider, outcome.Kind))
        {
            await store.SettleProviderAsync(candidate.Provider.Id, leaseId, outcome, config.Resilience.Breaker, CancellationToken.None);
        }
    }
}
