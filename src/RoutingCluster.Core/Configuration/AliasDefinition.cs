namespace RoutingCluster.Configuration;

public sealed record AliasDefinition(string Name, string Target, AliasTargetKind Kind);
