using RoutingCluster.Entities;
using RoutingCluster.Routing;
using RoutingCluster.Routing.Strategies;

namespace RoutingCluster.Gateway.Forwarding;

/// <summary>
/// Orders one step's candidates for trying: drops those the entities say are unavailable (window,
/// cooldown, disabled, provider breaker), recording why, and orders the rest by the step's strategy.
/// Reads only; the acquire decides.
/// </summary>
public sealed class CandidateRanker(IEntityStore store, AttemptSettler settler, StrategyRegistry strategies, TimeProvider time)
{
    internal async Task<IReadOnlyList<RankedCandidate>> RankAsync(
        PlannedStep step, RouteRequest request, RequestStates states, List<SkippedCandidate> skipped, CancellationToken cancellationToken)
    {
        await ReadStatesAsync(step, states, cancellationToken);
        var now = time.GetUtcNow();
        var available = new List<RankedCandidate>(step.Candidates.Count);
        foreach (var candidate in step.Candidates)
        {
            var view = CredentialTransitions.View(states.Credentials[candidate.Credential.Id], settler.PolicyFor(candidate, request.Config), candidate.ReservedTokens, now);
            if (view.Refusal is { } refusal)
            {
                skipped.Add(SkippedCandidate.From(candidate, refusal));
                continue;
            }

            var (open, retryAt) = ProviderTransitions.Peek(states.Providers[candidate.Provider.Id], request.Config.Resilience.Breaker, now);
            if (!open)
            {
                skipped.Add(new SkippedCandidate(candidate, SkipReason.ProviderBreakerOpen,
                    retryAt is { } at ? $"provider {candidate.Provider.Id} breaker open until {at:HH:mm:ss}" : $"provider {candidate.Provider.Id} breaker half-open, probe in flight", retryAt));
                continue;
            }

            available.Add(new RankedCandidate(candidate, view));
        }

        return strategies.Get(step.Step.Strategy).Order(available, new StepContext(request.Target.Role, step.Step.Index));
    }

    /// <summary>
    /// Reads the step's credential states, and the states of providers not read yet in this
    /// request, all at once: a shared store answers reads issued together in one round trip.
    /// </summary>
    private async Task ReadStatesAsync(PlannedStep step, RequestStates states, CancellationToken cancellationToken)
    {
        var credentialIds = step.Candidates.Select(c => c.Credential.Id).Distinct(StringComparer.Ordinal).ToArray();
        var providerIds = step.Candidates.Select(c => c.Provider.Id).Where(id => !states.Providers.ContainsKey(id)).Distinct(StringComparer.Ordinal).ToArray();
        var (credentials, providers) = await store.ReadManyAsync<CredentialState, ProviderState>(
            credentialIds.Select(EntityKey.Credential).ToArray(), providerIds.Select(EntityKey.Provider).ToArray(), cancellationToken);
        for (var i = 0; i < credentialIds.Length; i++)
        {
            states.Credentials[credentialIds[i]] = credentials[i];
        }

        for (var i = 0; i < providerIds.Length; i++)
        {
            states.Providers[providerIds[i]] = providers[i];
        }
    }
}
