using RoutingCluster.Entities;

namespace RoutingCluster.Grains.Credentials;

/// <summary>A credential grain's answer and its state after the turn that gave it.</summary>
[GenerateSerializer]
[Immutable]
public sealed record CredentialReply<TResult>([property: Id(0)] TResult Result, [property: Id(1)] CredentialState State);
