using RoutingCluster.Entities;

namespace RoutingCluster.Tenants;

/// <summary>A validated tenant. Its keys are in <see cref="Configuration.GatewayDefinition.GatewayKeys"/>.</summary>
/// <param name="Budgets">The tenant's own budgets (each key's are in <see cref="KeyBudgets"/>).</param>
/// <param name="Limits">Rate limits over all of the tenant's requests, cluster-wide; unlimited when none are declared.</param>
public sealed record TenantDefinition(
    string Id,
    string Name,
    bool Admin,
    TenantPolicy Policy,
    ByokMode Byok,
    IReadOnlyList<BudgetDefinition> Budgets,
    CredentialLimits Limits)
{
    /// <summary>Budgets of single keys of this tenant, by key id.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<BudgetDefinition>> KeyBudgets { get; init; } =
        new Dictionary<string, IReadOnlyList<BudgetDefinition>>(StringComparer.Ordinal);

    /// <summary>True when some credential has <c>owner:</c> this tenant (bring-your-own-key).</summary>
    public bool OwnsCredentials { get; init; }

    /// <summary>True when the tenant's policy or own keys shape its routes: restricted, reordered, or own keys first or only.</summary>
    public bool ShapesRoutes => !Policy.IsUnrestricted || Byok == ByokMode.Only || (OwnsCredentials && Byok == ByokMode.First);

    /// <summary>Who calls when no gateway key is configured at all: no policy, no budget, no limit.</summary>
    public static TenantDefinition Anonymous { get; } =
        new("anonymous", "anonymous", Admin: true, TenantPolicy.Unrestricted, ByokMode.First, [], CredentialLimits.Unlimited);
}
