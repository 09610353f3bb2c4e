namespace RoutingCluster.Configuration;

public sealed record StoreDefinition(string Kind, SecretValue? ConnectionString);
