using RoutingCluster.Entities;
using RoutingCluster.Gateway.Fleet;
using RoutingCluster.Routing;
using RoutingCluster.Routing.Strategies;
using RoutingCluster.Tenants;

namespace RoutingCluster.Gateway.Forwarding;

/// <summary>
/// Orders one step's candidates for trying from this node's <see cref="FleetView"/>, with no remote
/// read. Candidates the view shows as cooling down, disabled, or behind an open breaker (theirs or
/// their provider's) are skipped, recording why: grains push those verdicts the moment they change.
/// Candidates the view shows as full (window or concurrency) or half-open with a probe out stay in
/// line (a strategy that ranks by headroom puts them last): a slot freed or a probe ended
/// elsewhere may not have reached this view yet, so their acquire decides. The tenant's own keys
/// and, with <c>preferLocal</c>, local providers go first, each tier in the strategy's order.
/// </summary>
public sealed class CandidateRanker(FleetView fleet, AttemptSettler settler, StrategyRegistry strategies, TimeProvider time)
{
    internal IReadOnlyList<RankedCandidate> Rank(PlannedStep step, RouteRequest request, RequestStates states, List<SkippedCandidate> skipped)
    {
        var now = time.GetUtcNow();
        var available = new List<RankedCandidate>(step.Candidates.Count);
        foreach (var candidate in step.Candidates)
        {
            var state = fleet.Credential(candidate.Credential.Id);
            var view = CredentialTransitions.View(state, settler.PolicyFor(candidate, request.Config), candidate.ReservedTokens, now);
            if (view.Refusal is { } refusal && !MayHaveCleared(refusal))
            {
                skipped.Add(SkippedCandidate.FromViewOf(candidate, refusal));
                continue;
            }

            var provider = states.Providers[candidate.Provider.Id] = fleet.Provider(candidate.Provider.Id);
            var (open, retryAt) = ProviderTransitions.Peek(provider, request.Config.Resilience.Breaker, now);
            // Only an open breaker skips here. Half-open with its probe in flight (no retry time) may
            // have ended already: the provider's grain says whether another probe may go.
            if (!open && retryAt is { } until)
            {
                skipped.Add(new SkippedCandidate(candidate, SkipReason.ProviderBreakerOpen, $"provider {candidate.Provider.Id} breaker open until {until:HH:mm:ss}", until, FromView: true));
                continue;
            }

            available.Add(new RankedCandidate(candidate, view));
        }

        var ordered = strategies.Get(step.Step.Strategy).Order(available, new StepContext(request.Target.Role, step.Step.Index));
        return TenantRouting.InTiers(request.Tenant, ordered, ranked => ranked.Candidate);
    }

    /// <summary>
    /// Refusals that end when something happens elsewhere (a slot freed, a probe ended) rather than at
    /// a known time: the view may not have heard yet, so the candidate stays in line and its grain decides.
    /// </summary>
    private static bool MayHaveCleared(Refusal refusal) =>
        refusal.Kind is RefusalKind.ConcurrencyFull or RefusalKind.WindowExhausted
        || refusal is { Kind: RefusalKind.BreakerOpen, RetryAt: null };
}
