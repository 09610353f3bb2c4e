namespace RoutingCluster.Configuration;

public sealed record CredentialConfig
{
    public string? Id { get; init; }
    public string? Provider { get; init; }
    /// <summary><c>env:NAME</c> or <c>file:PATH</c>; optional for local and simulated providers.</summary>
    public string? ApiKey { get; init; }
    public LimitsConfig? Limits { get; init; }
    /// <summary>The tenant that brought this key: only its requests use it. Absent: pooled, for every tenant whose policy allows it.</summary>
    public string? Owner { get; init; }
}
