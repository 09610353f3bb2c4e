using RoutingCluster.Entities;
using RoutingCluster.Grains.Fleet;

namespace RoutingCluster.Grains.Credentials;

/// <summary>
/// One credential (API key or subscription profile), keyed by its config id. Every decision about
/// the key is one turn of this grain over the pure <see cref="CredentialTransitions"/>; each answer
/// carries the state after the turn, so the caller's fleet view is current at no extra cost.
/// </summary>
public interface ICredentialGrain : IGrainWithStringKey
{
    ValueTask<CredentialReply<AcquireResult>> Acquire(AcquireCommand command);

    ValueTask<CredentialReply<bool>> Settle(SettleCommand command);

    ValueTask<CredentialReply<CredentialReset>> Reset(CredentialPolicy policy);

    /// <summary>Subscribes (or renews) a node's fleet view and answers the current state.</summary>
    ValueTask<CredentialState> Watch(IFleetObserver observer);
}
