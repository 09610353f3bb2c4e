using RoutingCluster.Entities;

namespace RoutingCluster.Grains.Credentials;

/// <summary>The persisted shape of a credential grain: its last checkpoint, none before the first write.</summary>
[GenerateSerializer]
public sealed class CredentialRecord
{
    [Id(0)]
    public CredentialCheckpoint? Checkpoint { get; set; }
}
