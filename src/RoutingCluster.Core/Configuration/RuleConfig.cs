namespace RoutingCluster.Configuration;

public sealed record RuleConfig
{
    public RuleConditionConfig? When { get; init; }
    public string? Role { get; init; }
}
