using RoutingCluster.Entities;

namespace RoutingCluster.Grains.Providers;

/// <summary>The persisted shape of a provider grain: its breaker and health at the last write.</summary>
[GenerateSerializer]
public sealed class ProviderRecord
{
    [Id(0)]
    public ProviderState? State { get; set; }
}
