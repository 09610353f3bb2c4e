using RoutingCluster.Configuration;
using RoutingCluster.Entities;
using RoutingCluster.Routing;

namespace RoutingCluster.Gateway.Forwarding;

/// <summary>Applies the settle transitions of one finished attempt to its credential and provider.</summary>
public sealed class AttemptSettler(IEntityStore store, TimeProvider time, GatewayModel config)
{
    /// <summary>Cooldown after a 429 that carried no retry hint.</summary>
    public static readonly TimeSpan DefaultCooldown = TimeSpan.FromSeconds(15);

    public TimeSpan Elapsed(long startedAt) => time.GetElapsedTime(startedAt);

    public static CredentialPolicy PolicyFor(Candidate candidate, GatewayModel config) =>
        new(candidate.Credential.Limits, config.Resilience.Breaker, candidate.Credential.Fingerprint);

    public async Task SettleAsync(Candidate candidate, string leaseId, AttemptOutcome outcome)
    {
        // Settling must happen even when the caller has gone: never tie it to the request's token.
        var policy = PolicyFor(candidate, config);
        await store.SettleCredentialAsync(candidate.Credential.Id, new SettleCommand(leaseId, outcome, policy, DefaultCooldown), CancellationToken.None);
        await store.SettleProviderAsync(candidate.Provider.Id, leaseId, outcome, config.Resilience.Breaker, CancellationToken.None);
    }
}
