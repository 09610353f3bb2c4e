using RoutingCluster.Tenants;

namespace RoutingCluster.Configuration;

/// <summary>
/// The validated, immutable snapshot built from a <see cref="GatewayConfig"/>. Swapped whole on
/// reload; nothing in it changes afterwards. Dictionaries are ordinal (ids are case-sensitive).
/// </summary>
public sealed record GatewayDefinition
{
    public required IReadOnlyDictionary<string, ProviderDefinition> Providers { get; init; }
    /// <summary>In declaration order (the order is the <c>priority</c> strategy's tie-break).</summary>
    public required IReadOnlyList<CredentialDefinition> Credentials { get; init; }
    public required IReadOnlyDictionary<string, ModelDefinition> Models { get; init; }
    public required IReadOnlyDictionary<string, RoleDefinition> Roles { get; init; }
    public required IReadOnlyDictionary<string, AliasDefinition> Aliases { get; init; }
    public required string DefaultRole { get; init; }
    /// <summary>What a model name nothing claims gets: a 404, or the default role.</summary>
    public UnknownModelPolicy UnknownModels { get; init; }
    public required IReadOnlyList<RoutingRule> Rules { get; init; }
    /// <summary>Every gateway key, tenants' and admin ones; none means an open gateway (every caller is <see cref="TenantDefinition.Anonymous"/>).</summary>
    public required IReadOnlyList<GatewayKey> GatewayKeys { get; init; }
    public IReadOnlyDictionary<string, TenantDefinition> Tenants { get; init; } = new Dictionary<string, TenantDefinition>(StringComparer.Ordinal);
    public required StoreDefinition Store { get; init; }
    public required ServerDefinition Server { get; init; }
    public required ResilienceDefinition Resilience { get; init; }
    public required ClusterDefinition Cluster { get; init; }
    public GatewayLimitsDefinition Limits { get; init; } = GatewayLimitsDefinition.Default;

    /// <summary>Credentials per provider id, in declaration order.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<CredentialDefinition>> CredentialsByProvider { get; init; }
}
