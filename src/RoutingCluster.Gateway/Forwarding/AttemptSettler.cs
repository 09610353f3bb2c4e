using RoutingCluster.Configuration;
using RoutingCluster.Entities;
using RoutingCluster.Routing;

namespace RoutingCluster.Gateway.Forwarding;

/// <summary>Applies the settle transitions of one finished attempt to its credential and provider.</summary>
/// <param name="limitDivisor">While the shared store is unreachable, each node enforces this share of every limit.</param>
public sealed class AttemptSettler(IEntityStore store, TimeProvider time, GatewayModel config, int limitDivisor = 1)
{
    /// <summary>Cooldown after a 429 that carried no retry hint.</summary>
    public static readonly TimeSpan DefaultCooldown = TimeSpan.FromSeconds(15);

    public TimeSpan Elapsed(long startedAt) => time.GetElapsedTime(startedAt);

    public CredentialPolicy PolicyFor(Candidate candidate) =>
        new(candidate.Credential.Limits.DividedAmong(limitDivisor), config.Resilience.Breaker, candidate.Credential.Fingerprint);

    public async Task SettleAsync(Candidate candidate, string leaseId, AttemptOutcome outcome)
    {
        // Settling must happen even when the caller has gone: never tie it to the request's token.
        var policy = PolicyFor(candidate);
        await store.SettleCredentialAsync(candidate.Credential.Id, new SettleCommand(leaseId, outcome, policy, DefaultCooldown), CancellationToken.None);
        await store.SettleProviderAsync(candidate.Provider.Id, leaseId, outcome, config.Resilience.Breaker, CancellationToken.None);
    }
}
