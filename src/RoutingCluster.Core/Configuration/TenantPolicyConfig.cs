namespace RoutingCluster.Configuration;

/// <summary>What a tenant's requests may use. Each list, when present, is an allow-list; absent means any.</summary>
public sealed record TenantPolicyConfig
{
    public List<string>? Roles { get; init; }
    public List<string>? Models { get; init; }
    public List<string>? Providers { get; init; }
    public List<string>? Regions { get; init; }
    /// <summary>Provider classes, e.g. <c>[local]</c>.</summary>
    public List<string>? Classes { get; init; }
    /// <summary>Within a step, local candidates rank before hosted ones.</summary>
    public bool? PreferLocal { get; init; }
}
