namespace RoutingCluster.Plans;

/// <summary>A window's <c>switchAt</c>: at or above this used fraction the profile takes no new work until the window resets.</summary>
[GenerateSerializer]
[Immutable]
public sealed record PlanThreshold([property: Id(0)] string Window, [property: Id(1)] double SwitchAt);
