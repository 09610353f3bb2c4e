namespace RoutingCluster.Routing.Strategies;

/// <summary>
/// Orders the available candidates of one step, best first. The router tries them in that order
/// and takes the first whose credential grants the atomic acquire.
/// </summary>
public interface ISelectionStrategy
{
    string Name { get; }

    IReadOnlyList<RankedCandidate> Order(IReadOnlyList<RankedCandidate> available, StepContext context);
}
