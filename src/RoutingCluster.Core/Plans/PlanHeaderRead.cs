namespace RoutingCluster.Plans;

/// <summary>What <see cref="PlanHeaders.Parse"/> read: the observation (null when the response said nothing of a plan) and the values it ignored.</summary>
/// <param name="Ignored">Each ignored header with its value (cut short), for a log line.</param>
public sealed record PlanHeaderRead(PlanObservation? Observation, IReadOnlyList<string> Ignored);
