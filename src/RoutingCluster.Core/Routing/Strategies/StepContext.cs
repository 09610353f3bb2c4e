namespace RoutingCluster.Routing.Strategies;

/// <summary>Where in the routing table a step is, for strategies that keep per-step memory.</summary>
public readonly record struct StepContext(string Role, int StepIndex);
