using RoutingCluster.Cluster;
using RoutingCluster.Configuration;
using RoutingCluster.Entities;
using RoutingCluster.Routing;

namespace RoutingCluster.Gateway.Forwarding;

/// <summary>
/// Takes what one attempt needs before it may be sent: the provider's probe slot when its breaker
/// is not closed, then the credential's lease (window, concurrency), each atomically in its entity.
/// A refusal is a value: the executor skips the candidate.
/// </summary>
public sealed class LeaseAcquirer(IEntityStore store, IClusterView cluster, AttemptSettler settler, TimeProvider time)
{
    /// <returns>Null when acquired; otherwise why the candidate was refused.</returns>
    internal async Task<SkippedCandidate?> AcquireAsync(Candidate candidate, string leaseId, RouteRequest request, RequestStates states)
    {
        var config = request.Config;
        var leaseTtl = LeaseTtl(config);
        var breaker = config.Resilience.Breaker;
        var probing = states.Providers[candidate.Provider.Id].Breaker.PhaseAt(time.GetUtcNow()) != BreakerPhase.Closed;
        if (probing && await store.AdmitProviderAsync(candidate.Provider.Id, leaseId, time.GetUtcNow() + leaseTtl, breaker) is { } providerRefusal)
        {
            return SkippedCandidate.From(candidate, providerRefusal, provider: true);
        }

        var acquired = await store.AcquireCredentialAsync(
            candidate.Credential.Id,
            states.Credentials.GetValueOrDefault(candidate.Credential.Id) ?? CredentialState.Initial,
            new AcquireCommand(leaseId, candidate.ReservedTokens, leaseTtl, settler.PolicyFor(candidate, config), cluster.NodeId));
        if (acquired.Refusal is { } refusal)
        {
            if (probing)
            {
                await store.CancelProviderProbeAsync(candidate.Provider.Id, leaseId);
            }

            return SkippedCandidate.From(candidate, refusal);
        }

        return null;
    }

    /// <summary>A lease outlives the longest request by a margin, so only a dead node's leases ever expire.</summary>
    private static TimeSpan LeaseTtl(GatewayDefinition config) => config.Resilience.RequestTimeout + TimeSpan.FromSeconds(30);
}
