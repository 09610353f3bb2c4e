using RoutingCluster.Entities;
using RoutingCluster.Grains.Fleet;

namespace RoutingCluster.Grains.Tests;

/// <summary>A node's subscription that listens to nothing: a grain call that must name an observer, from a test that reads states itself.</summary>
internal sealed class NoObserver : IFleetObserver
{
    public Task CredentialChanged(string credentialId, CredentialState state) => Task.CompletedTask;

    public Task ProviderChanged(string providerId, ProviderState state) => Task.CompletedTask;
}
