namespace RoutingCluster.Configuration;

public sealed record StoreDefinition(StoreKind Kind, SecretValue? ConnectionString);
