namespace RoutingCluster.Configuration;

public sealed record WindowConfig
{
    /// <summary>A duration such as <c>5h</c>, <c>7d</c>, <c>90s</c>.</summary>
    public string? Span { get; init; }
    public long? Requests { get; init; }
    public long? Tokens { get; init; }
}
