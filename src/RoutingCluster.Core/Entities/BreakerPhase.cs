namespace RoutingCluster.Entities;

[GenerateSerializer]
public enum BreakerPhase
{
    Closed,
    Open,
    HalfOpen,
}
