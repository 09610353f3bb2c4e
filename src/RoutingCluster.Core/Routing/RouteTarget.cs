using RoutingCluster.Configuration;

namespace RoutingCluster.Routing;

/// <summary>The role a request was given and why.</summary>
/// <param name="Role">Role name; a request naming a model id directly gets the pseudo-role <c>model:&lt;id&gt;</c>.</param>
/// <param name="Reason">How it was chosen: <c>header</c>, <c>role</c>, <c>alias x</c>, <c>model</c>, <c>rule 2</c>.</param>
public sealed record RouteTarget(string Role, IReadOnlyList<StepDefinition> Chain, string Reason);
