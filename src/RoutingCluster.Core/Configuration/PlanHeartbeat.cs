namespace RoutingCluster.Configuration;

/// <summary>A profile's heartbeat: at most one probe per <see cref="Every"/>, cluster-wide.</summary>
/// <param name="ModelId">The model a one-token probe asks (a model of the profile's provider); or null with <paramref name="UsagePath"/>.</param>
/// <param name="UsagePath">A path on the provider's host answered with the plan's headers; or null with <paramref name="ModelId"/>.</param>
public sealed record PlanHeartbeat(TimeSpan Every, string? ModelId, string? UsagePath);
