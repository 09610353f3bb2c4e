namespace RoutingCluster.Plans;

/// <summary>What one response said of one window of a plan; each part is null when it was not said (or was garbage).</summary>
/// <param name="Name">The window's name: <c>5h</c>, <c>7d</c>, <c>overage</c>, or the name a generic mapping gives.</param>
/// <param name="Utilization">Used fraction of the window, 0..1.</param>
/// <param name="ResetAt">When the window refills.</param>
/// <param name="Status">The provider's word for the window (<c>allowed</c>, <c>allowed_warning</c>, <c>rejected</c>).</param>
[GenerateSerializer]
[Immutable]
public sealed record PlanWindowReading(
    [property: Id(0)] string Name,
    [property: Id(1)] double? Utilization = null,
    [property: Id(2)] DateTimeOffset? ResetAt = null,
    [property: Id(3)] string? Status = null);
