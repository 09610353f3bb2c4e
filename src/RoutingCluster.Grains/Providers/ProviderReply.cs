using RoutingCluster.Entities;

namespace RoutingCluster.Grains.Providers;

/// <summary>A provider grain's answer and its state after the turn that gave it.</summary>
[GenerateSerializer]
[Immutable]
public sealed record ProviderReply<TResult>([property: Id(0)] TResult Result, [property: Id(1)] ProviderState State);
