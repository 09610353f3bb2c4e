namespace RoutingCluster.Configuration;

public sealed record RoutingConfig
{
    public string? DefaultRole { get; init; }

    /// <summary><c>defaultRole</c> or <c>reject</c>; when absent, <c>defaultRole</c> if <see cref="DefaultRole"/> is set, else <c>reject</c>.</summary>
    public string? UnknownModels { get; init; }
    public List<RuleConfig>? Rules { get; init; }
}
