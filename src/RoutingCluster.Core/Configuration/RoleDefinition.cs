namespace RoutingCluster.Configuration;

public sealed record RoleDefinition(string Name, IReadOnlyList<StepDefinition> Chain);
