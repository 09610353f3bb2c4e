using RoutingCluster.Configuration;
using RoutingCluster.Entities;
using RoutingCluster.Gateway.Fleet;
using RoutingCluster.Gateway.Logging;
using RoutingCluster.Gateway.Wire;
using RoutingCluster.Routing;

namespace RoutingCluster.Gateway.Forwarding;

/// <summary>Applies the settle transitions of one finished attempt to its credential and provider grains.</summary>
public sealed class AttemptSettler(FleetClient fleet, HeldLeases held, ILogger<AttemptSettler> logger)
{
    /// <summary>Cooldown after a 429 that carried no retry hint.</summary>
    public static readonly TimeSpan DefaultCooldown = TimeSpan.FromSeconds(15);

    public CredentialPolicy PolicyFor(Candidate candidate, GatewayDefinition config) => PolicyFor(candidate.Credential, config);

    public CredentialPolicy PolicyFor(CredentialDefinition credential, GatewayDefinition config) =>
        new(credential.Limits, config.Resilience.Breaker, credential.Fingerprint, credential.Plan?.Policy);

    /// <summary>How long the candidate's credential cools down after what its provider said.</summary>
    public static CooldownPolicy CooldownFor(Candidate candidate) => new(DefaultCooldown, candidate.Provider.MaxLearnedWait);

    /// <param name="provider">The provider's state this request last read, if any: a settle that would not move it is skipped.</param>
    /// <remarks>The reported tokens are bounded by the candidate's model first (<see cref="TokenUsage.ClampTotal"/>):
    /// one absurd usage must not fill or overflow the credential's windows. Never throws: a settle that
    /// cannot reach its grain leaves the lease to its TTL, which the log says.</remarks>
    public async Task SettleAsync(Candidate candidate, string leaseId, AttemptOutcome outcome, GatewayDefinition config, ProviderState? provider)
    {
        if (outcome.Tokens is not null)
        {
            outcome = outcome with { Tokens = TokenUsage.ClampTotal(outcome.Tokens, candidate.Model) };
        }

        held.Remove(candidate.Credential.Id, leaseId);

        // Both calls go out at once: the provider's breaker must not wait for the credential's turn.
        var timeout = config.Cluster.GrainCallTimeout;
        var credential = fleet.SettleCredentialAsync(candidate.Credential.Id, new SettleCommand(leaseId, outcome, PolicyFor(candidate, config), CooldownFor(candidate)), timeout);
        var providerSettle = provider is null || ProviderTransitions.SettleMatters(provider, outcome.Kind)
            ? fleet.SettleProviderAsync(candidate.Provider.Id, leaseId, outcome, config.Resilience.Breaker, timeout)
            : Task.CompletedTask;
        try
        {
            await Task.WhenAll(credential, providerSettle);
        }
        catch (Exception e) when (e is OrleansException or TimeoutException or OperationCanceledException)
        {
            Log.SettleFailed(logger, candidate.Credential.Id, e.GetType().Name);
        }
    }
}
