namespace RoutingCluster.Configuration;

public sealed record RuleCondition(
    string? ModelMatches,
    bool? Thinking,
    long? EstimatedTokensOver,
    bool? Tools,
    bool? Vision,
    string? Effort = null);
