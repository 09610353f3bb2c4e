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

    /// <summary>
    /// Subscribes (or renews) a node's fleet view and answers the current state. The node says which
    /// leases it holds on this credential, so a grain recovered after a crash learns within one
    /// refresh which of the slots it had to hold are still in use.
    /// </summary>
    /// <param name="node">The node's silo address (as leases carry it).</param>
    /// <param name="limits">The credential's declared limits, from the node's config: the grain records them before any admit needs them.</param>
    ValueTask<CredentialState> Watch(IFleetObserver observer, string node, IReadOnlyCollection<string> heldLeases, CredentialLimits limits);
}
