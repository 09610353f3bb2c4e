namespace RoutingCluster.Entities;

public sealed record AcquireResult(Lease? Lease, Refusal? Refusal)
{
    public bool Granted => Lease is not null;
}
