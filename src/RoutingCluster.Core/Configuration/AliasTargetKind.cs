namespace RoutingCluster.Configuration;

public enum AliasTargetKind
{
    Role,
    Model,
}
