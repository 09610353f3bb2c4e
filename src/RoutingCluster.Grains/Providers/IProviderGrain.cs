using RoutingCluster.Entities;
using RoutingCluster.Grains.Fleet;

namespace RoutingCluster.Grains.Providers;

/// <summary>
/// One provider, keyed by its config id: the breaker over failures that speak for the whole
/// upstream, whichever key saw them. Turns run the pure <see cref="ProviderTransitions"/>; each
/// answer carries the state after the turn.
/// </summary>
public interface IProviderGrain : IGrainWithStringKey
{
    /// <summary>Takes a probe slot while the breaker is not closed; null when admitted.</summary>
    ValueTask<ProviderReply<Refusal?>> Admit(string leaseId, DateTimeOffset leaseExpiry, BreakerOptions options);

    ValueTask<ProviderReply<bool>> Cancel(string leaseId);

    ValueTask<ProviderReply<bool>> Settle(string leaseId, AttemptOutcome outcome, BreakerOptions options);

    ValueTask<ProviderState> Watch(IFleetObserver observer);
}
