namespace RoutingCluster.Configuration;

/// <param name="Index">1-based position in the role's chain, as users count.</param>
public sealed record StepDefinition(int Index, IReadOnlyList<string> ModelIds, string Strategy);
