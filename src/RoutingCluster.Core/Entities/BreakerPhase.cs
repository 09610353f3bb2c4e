namespace RoutingCluster.Entities;

public enum BreakerPhase
{
    Closed,
    Open,
    HalfOpen,
}
