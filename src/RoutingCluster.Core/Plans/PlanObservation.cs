using System.Collections.Immutable;

namespace RoutingCluster.Plans;

/// <summary>What one upstream response (or heartbeat probe) said about a subscription plan's usage.</summary>
/// <param name="Windows">One reading per window named in the headers.</param>
/// <param name="Status">The plan's overall status (<c>allowed</c>, <c>allowed_warning</c>, <c>rejected</c>).</param>
/// <param name="ResetAt">When the plan as a whole is usable again, if said.</param>
/// <param name="Claim">Which window binds now (Anthropic's representative claim, e.g. <c>five_hour</c>).</param>
/// <param name="LimitReached">The answer was a refusal for the plan's usage limit (a 429 <c>usage_limit_reached</c>, or status <c>rejected</c>).</param>
[GenerateSerializer]
[Immutable]
public sealed record PlanObservation(
    [property: Id(0)] ImmutableArray<PlanWindowReading> Windows,
    [property: Id(1)] string? Status = null,
    [property: Id(2)] DateTimeOffset? ResetAt = null,
    [property: Id(3)] string? Claim = null,
    [property: Id(4)] bool LimitReached = false)
{
    public bool IsEmpty => Windows.IsDefaultOrEmpty && Status is null && ResetAt is null && Claim is null && !LimitReached;
}
