using RoutingCluster.Entities;

namespace RoutingCluster.Grains.Fleet;

/// <summary>
/// A node's fleet view, as grains see it: each credential and provider grain pushes its state here
/// after it changes, so a node ranks candidates without a remote read. One-way: a grain never waits
/// for a node.
/// </summary>
public interface IFleetObserver : IGrainObserver
{
    [OneWay]
    Task CredentialChanged(string credentialId, CredentialState state);

    [OneWay]
    Task ProviderChanged(string providerId, ProviderState state);
}
