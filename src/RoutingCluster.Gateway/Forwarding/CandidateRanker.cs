using RoutingCluster.Entities;
using RoutingCluster.Gateway.Fleet;
using RoutingCluster.Routing;
using RoutingCluster.Routing.Strategies;

namespace RoutingCluster.Gateway.Forwarding;

/// <summary>
/// Orders one step's candidates for trying from this node's <see cref="FleetView"/>, with no remote
/// read. Candidates the view shows as cooling down, disabled, or behind an open breaker (theirs or
/// their provider's) are skipped, recording why: grains push those verdicts the moment they change.
/// Candidates the view shows as full (window or concurrency) or half-open with a probe out are
/// tried last rather than skipped, since a slot freed or a probe ended elsewhere may not have
/// reached this view yet; their acquire decides.
/// </summary>
public sealed class CandidateRanker(FleetView fleet, AttemptSettler settler, StrategyRegistry strategies, TimeProvider time)
{
    internal IReadOnlyList<RankedCandidate> Rank(PlannedStep step, RouteRequest request, RequestStates states, List<SkippedCandidate> skipped)
    {
        var now = time.GetUtcNow();
        var available = new List<RankedCandidate>(step.Candidates.Count);
        List<RankedCandidate>? full = null;
        foreach (var candidate in step.Candidates)
        {
            var state = fleet.Credential(candidate.Credential.Id);
            states.Credentials[candidate.Credential.Id] = state;
            var view = CredentialTransitions.View(state, settler.PolicyFor(candidate, request.Config), candidate.ReservedTokens, now);
            if (view.Refusal is { Kind: RefusalKind.ConcurrencyFull or RefusalKind.WindowExhausted } or { Kind: RefusalKind.BreakerOpen, RetryAt: null })
            {
                (full ??= []).Add(new RankedCandidate(candidate, view));
                continue;
            }

            if (view.Refusal is { } refusal)
            {
                skipped.Add(SkippedCandidate.From(candidate, refusal));
                continue;
            }

            var provider = states.Providers[candidate.Provider.Id] = fleet.Provider(candidate.Provider.Id);
            var (open, retryAt) = ProviderTransitions.Peek(provider, request.Config.Resilience.Breaker, now);
            if (!open && retryAt is null)
            {
                // Half-open with its probe in flight as far as this view knows: the probe may have
                // ended already, and the provider's grain says whether another one may go.
                (full ??= []).Add(new RankedCandidate(candidate, view));
                continue;
            }

            if (!open)
            {
                skipped.Add(new SkippedCandidate(candidate, SkipReason.ProviderBreakerOpen,
                    retryAt is { } at ? $"provider {candidate.Provider.Id} breaker open until {at:HH:mm:ss}" : $"provider {candidate.Provider.Id} breaker half-open, probe in flight", retryAt));
                continue;
            }

            available.Add(new RankedCandidate(candidate, view));
        }

        var ordered = strategies.Get(step.Step.Strategy).Order(available, new StepContext(request.Target.Role, step.Step.Index));
        if (full is null)
        {
            return ordered;
        }

        foreach (var candidate in full)
        {
            states.Providers[candidate.Candidate.Provider.Id] = fleet.Provider(candidate.Candidate.Provider.Id);
        }

        return [.. ordered, .. full];
    }
}
