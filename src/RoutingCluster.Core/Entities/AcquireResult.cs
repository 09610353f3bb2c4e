using System.Diagnostics.CodeAnalysis;

namespace RoutingCluster.Entities;

/// <summary>An acquire either grants a lease or says why not, never both.</summary>
[GenerateSerializer]
[Immutable]
public sealed record AcquireResult
{
    private AcquireResult(Lease? lease, Refusal? refusal)
    {
        Lease = lease;
        Refusal = refusal;
    }

    [Id(0)]
    public Lease? Lease { get; }

    [Id(1)]
    public Refusal? Refusal { get; }

    [MemberNotNullWhen(true, nameof(Lease))]
    [MemberNotNullWhen(false, nameof(Refusal))]
    public bool Granted => Lease is not null;

    public static AcquireResult Grant(Lease lease)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return new(lease, null);
    }

    public static AcquireResult Refuse(Refusal refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        return new(null, refusal);
    }
}
