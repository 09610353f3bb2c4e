using RoutingCluster.Cluster;
using RoutingCluster.Configuration;
using RoutingCluster.Entities;
using RoutingCluster.Gateway.Budgets;
using RoutingCluster.Gateway.Fleet;
using RoutingCluster.Routing;

namespace RoutingCluster.Gateway.Forwarding;

/// <summary>
/// Takes what one attempt needs before it may be sent: the provider's probe slot when its breaker
/// is not closed, then the credential's lease (window, concurrency), each decided by its grain. In
/// steady state (breaker closed) that is one grain call per attempt. A request with budgets first
/// reserves the attempt's estimated cost on them (<see cref="BudgetGuard"/>), released again when
/// the credential refuses. A refusal is a value: the executor skips the candidate.
/// </summary>
public sealed class LeaseAcquirer(FleetClient fleet, HeldLeases held, IClusterView cluster, AttemptSettler settler, BudgetGuard budgets, TimeProvider time)
{
    /// <returns>Null when acquired; otherwise why the candidate was refused.</returns>
    internal async Task<SkippedCandidate?> AcquireAsync(Candidate candidate, string leaseId, RouteRequest request, RequestStates states)
    {
        var config = request.Config;
        var leaseTtl = LeaseTtl(config);
        var breaker = config.Resilience.Breaker;
        var timeout = config.Cluster.GrainCallTimeout;
        var probing = states.Providers[candidate.Provider.Id].Breaker.PhaseAt(time.GetUtcNow()) != BreakerPhase.Closed;
        if (request.Budgets is { } requestBudgets && await budgets.ReserveAsync(requestBudgets, candidate, leaseId, config, leaseTtl) is { } overBudget)
        {
            return overBudget;
        }

        if (probing && await fleet.AdmitProviderAsync(candidate.Provider.Id, leaseId, time.GetUtcNow() + leaseTtl, breaker, timeout) is { } providerRefusal)
        {
            ReleaseBudgets(candidate, leaseId, request);
            return SkippedCandidate.From(candidate, providerRefusal, provider: providerRefusal.Kind != RefusalKind.Unavailable);
        }

        var acquired = await fleet.AcquireAsync(
            candidate.Credential.Id,
            new AcquireCommand(leaseId, candidate.ReservedTokens, leaseTtl, settler.PolicyFor(candidate, config), cluster.SiloAddress),
            timeout,
            AttemptSettler.CooldownFor(candidate));
        if (acquired.Refusal is { } refusal)
        {
            if (probing)
            {
                await fleet.CancelProviderProbeAsync(candidate.Provider.Id, leaseId, timeout);
            }

            ReleaseBudgets(candidate, leaseId, request);
            return SkippedCandidate.From(candidate, refusal);
        }

        held.Add(candidate.Credential.Id, leaseId);
        return null;
    }

    /// <summary>The attempt will not be sent: its budget reservations go back, in the background.</summary>
    private void ReleaseBudgets(Candidate candidate, string leaseId, RouteRequest request)
    {
        if (request.Budgets is { } requestBudgets)
        {
            _ = budgets.SettleAsync(requestBudgets, candidate, leaseId, usage: null, status: null, request.Config);
        }
    }

    /// <summary>A lease outlives the longest request by a margin, so only a dead node's leases ever expire.</summary>
    internal static TimeSpan LeaseTtl(GatewayDefinition config) => config.Resilience.RequestTimeout + TimeSpan.FromSeconds(30);
}
