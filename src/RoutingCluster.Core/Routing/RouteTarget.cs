using RoutingCluster.Configuration;

namespace RoutingCluster.Routing;

/// <summary>The role a request was given and why.</summary>
/// <param name="Role">Role name; a request naming a model id directly gets the pseudo-role <c>model:&lt;id&gt;</c>.</param>
/// <param name="Reason">How it was chosen: <c>header</c>, <c>role</c>, <c>alias x</c>, <c>model</c>, <c>rule 2</c>.</param>
public sealed record RouteTarget(string Role, IReadOnlyList<StepDefinition> Chain, string Reason)
{
    private const string ModelPrefix = "model:";

    /// <summary>The model id a request named directly, or null for a role.</summary>
    public string? DirectModel => Role.StartsWith(ModelPrefix, StringComparison.Ordinal) ? Role[ModelPrefix.Length..] : null;

    /// <summary>The target of a request naming a model directly: a one-step chain of that model.</summary>
    public static RouteTarget ForModel(string modelId, string reason) =>
        new(ModelPrefix + modelId, [new StepDefinition(1, [modelId], StrategyNames.Priority)], reason);
}
