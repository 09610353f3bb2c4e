namespace RoutingCluster.Configuration;

/// <param name="Index">1-based position in <c>routing.rules</c>.</param>
public sealed record RoutingRule(int Index, RuleCondition When, string Role);
