using RoutingCluster.Configuration;

namespace RoutingCluster.Routing;

/// <summary>The candidates of one chain step that passed the static checks, and those that did not.</summary>
public sealed record PlannedStep(StepDefinition Step, IReadOnlyList<Candidate> Candidates, IReadOnlyList<SkippedCandidate> Skipped);
