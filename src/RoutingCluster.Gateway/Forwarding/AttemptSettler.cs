using RoutingCluster.Configuration;
using RoutingCluster.Entities;
using RoutingCluster.Gateway.Wire;
using RoutingCluster.Routing;

namespace RoutingCluster.Gateway.Forwarding;

/// <summary>Applies the settle transitions of one finished attempt to its credential and provider.</summary>
/// <param name="storeStatus">While the shared store is unreachable, each node enforces its share of every limit;
/// read at each decision, since the store may recover (or fail) in the middle of a request.</param>
public sealed class AttemptSettler(IEntityStore store, IStoreStatus storeStatus)
{
    /// <summary>Cooldown after a 429 that carried no retry hint.</summary>
    public static readonly TimeSpan DefaultCooldown = TimeSpan.FromSeconds(15);

    public CredentialPolicy PolicyFor(Candidate candidate, GatewayDefinition config) => PolicyFor(candidate.Credential, config);

    public CredentialPolicy PolicyFor(CredentialDefinition credential, GatewayDefinition config) =>
        new(credential.Limits.DividedAmong(storeStatus.LimitDivisor), config.Resilience.Breaker, credential.Fingerprint);

    /// <summary>How long the candidate's credential cools down after what its provider said.</summary>
    public static CooldownPolicy CooldownFor(Candidate candidate) => new(DefaultCooldown, candidate.Provider.MaxLearnedWait);

    /// <param name="provider">The provider's state this request last read, if any: a settle that would not move it is skipped.</param>
    /// <remarks>The reported tokens are bounded by the candidate's model first (<see cref="TokenUsage.ClampTotal"/>):
    /// one absurd usage must not fill or overflow the credential's windows.</remarks>
    public async Task SettleAsync(Candidate candidate, string leaseId, AttemptOutcome outcome, GatewayDefinition config, ProviderState? provider)
    {
        if (outcome.Tokens is not null)
        {
            outcome = outcome with { Tokens = TokenUsage.ClampTotal(outcome.Tokens, candidate.Model) };
        }

        // Settling must happen even when the caller has gone: never tie it to the request's token.
        await store.SettleCredentialAsync(candidate.Credential.Id, new SettleCommand(leaseId, outcome, PolicyFor(candidate, config), CooldownFor(candidate)), CancellationToken.None);
        if (provider is null || ProviderTransitions.SettleMatters(provider, outcome.Kind))
        {
            await store.SettleProviderAsync(candidate.Provider.Id, leaseId, outcome, config.Resilience.Breaker, CancellationToken.None);
        }
    }
}
