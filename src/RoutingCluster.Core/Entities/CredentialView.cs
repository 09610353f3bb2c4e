using System.Diagnostics.CodeAnalysis;

namespace RoutingCluster.Entities;

/// <summary>A credential as ranking sees it at one moment.</summary>
/// <param name="Refusal">Why an acquire would be refused now, or null when it would be granted.</param>
/// <param name="Headroom">Smallest remaining fraction across the declared limits, 0..1.</param>
public sealed record CredentialView(Refusal? Refusal, double Headroom, int InFlight, HealthState Health)
{
    [MemberNotNullWhen(false, nameof(Refusal))]
    public bool Available => Refusal is null;
}
