namespace RoutingCluster.Configuration;

/// <summary>All conditions set on a rule must hold for it to match.</summary>
public sealed record RuleConditionConfig
{
    /// <summary>Glob (<c>*</c>, <c>?</c>) on the requested model name, case-insensitive.</summary>
    public string? ModelMatches { get; init; }
    public bool? Thinking { get; init; }
    public long? EstimatedTokensOver { get; init; }
    public bool? Tools { get; init; }
    public bool? Vision { get; init; }

    /// <summary><c>low</c>, <c>medium</c> or <c>high</c>: the request's reasoning effort (see <c>EffortLevels</c>).</summary>
    public string? Effort { get; init; }
}
