namespace RoutingCluster.Configuration;

/// <summary>
/// The YAML file as read, before validation. Every member is nullable so the validator, not the
/// deserializer, decides what is missing and can report every problem at once.
/// </summary>
public sealed record GatewayConfig
{
    public List<ProviderConfig>? Providers { get; init; }
    public List<CredentialConfig>? Credentials { get; init; }
    public List<ModelConfig>? Models { get; init; }
    public Dictionary<string, RoleConfig>? Roles { get; init; }
    public Dictionary<string, string>? Aliases { get; init; }
    public RoutingConfig? Routing { get; init; }
    public List<TenantConfig>? Tenants { get; init; }
    /// <summary>Keys for <c>/admin</c> and the operator verbs only; they send no model requests.</summary>
    public List<KeyConfig>? AdminKeys { get; init; }
    public StoreConfig? Store { get; init; }
    public ServerConfig? Server { get; init; }
    public ResilienceConfig? Resilience { get; init; }
    public ClusterConfig? Cluster { get; init; }
    public GatewayLimitsConfig? Limits { get; init; }
}
