namespace RoutingCluster.Entities;

/// <summary>Declared limits of one credential. Null means "no declared limit".</summary>
/// <param name="Windows">Every rate window: the per-minute one built from rpm/tpm (named <c>minute</c>)
/// and the long ones (named by their span, e.g. <c>5h</c>).</param>
[GenerateSerializer]
[Immutable]
public sealed record CredentialLimits([property: Id(0)] int? Concurrency, [property: Id(1)] IReadOnlyList<WindowLimit> Windows)
{
    public static readonly CredentialLimits Unlimited = new(null, []);
}
