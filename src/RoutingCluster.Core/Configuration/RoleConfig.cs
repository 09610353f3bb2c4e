namespace RoutingCluster.Configuration;

public sealed record RoleConfig
{
    public List<StepConfig>? Chain { get; init; }
}
