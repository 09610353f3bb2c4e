using RoutingCluster.Configuration;
using RoutingCluster.Routing;

namespace RoutingCluster.Tenants;

/// <summary>
/// A tenant's policy and own keys applied to routing, before any upstream is called: which roles it may
/// ask for, which candidates it may use (each exclusion says which rule made it), which credentials it
/// never sees (owned by another tenant), and how a step's candidates rank (own keys, then local ones first).
/// </summary>
public static class TenantRouting
{
    /// <summary>Why the tenant may not ask for this role at all, or null when it may.</summary>
    /// <remarks>
    /// A request naming a model directly (<c>model:&lt;id&gt;</c>) is no role: it passes when the policy
    /// lists no roles, or when it lists models and this one among them, so a role list cannot be
    /// bypassed by naming a model of a role left out.
    /// </remarks>
    public static string? RefuseTarget(TenantDefinition tenant, RouteTarget target)
    {
        var policy = tenant.Policy;
        if (policy.Roles is not { } roles)
        {
            return null;
        }

        if (target.DirectModel is { } modelId)
        {
            return policy.Models?.Contains(modelId) == true
                ? null
                : $"The policy of tenant `{tenant.Id}` allows roles {Listed(roles)}; a model named directly must be in its `models`, and `{modelId}` is not. Ask for one of the roles.";
        }

        return roles.Contains(target.Role)
            ? null
            : $"The policy of tenant `{tenant.Id}` allows roles {Listed(roles)}, not `{target.Role}`.";
    }

    /// <summary>A credential owned by another tenant: left out of this tenant's plan without a trace, never lent out.</summary>
    public static bool Hides(TenantDefinition tenant, CredentialDefinition credential) =>
        credential.Owner is { } owner && !string.Equals(owner, tenant.Id, StringComparison.Ordinal);

    /// <summary>The rule of the tenant's policy that excludes this candidate, or null when it may be used.</summary>
    public static string? Excludes(TenantDefinition tenant, Candidate candidate) =>
        Excludes(tenant, candidate.Model, candidate.Provider, candidate.Credential);

    /// <summary>
    /// Whether the tenant may reach the model at all: some credential of its provider is neither
    /// another tenant's nor excluded by the policy. Whether it may name it is <see cref="RefuseTarget"/>'s.
    /// </summary>
    public static bool MayUse(GatewayDefinition definition, TenantDefinition tenant, ModelDefinition model)
    {
        var provider = definition.Providers[model.ProviderId];
        return definition.CredentialsByProvider[model.ProviderId]
            .Any(credential => !Hides(tenant, credential) && Excludes(tenant, model, provider, credential) is null);
    }

    /// <remarks>Runs for every candidate of every request: it allocates only the text of an exclusion.</remarks>
    private static string? Excludes(TenantDefinition tenant, ModelDefinition model, ProviderDefinition provider, CredentialDefinition credential)
    {
        var policy = tenant.Policy;
        if (tenant.Byok == ByokMode.Only && credential.Owner is null)
        {
            return $"policy of tenant `{tenant.Id}`: byok only, and credential {credential.Id} is pooled";
        }

        if (policy.IsUnrestricted)
        {
            return null;
        }

        if (policy.Models is { } models && !models.Contains(model.Id))
        {
            return $"policy of tenant `{tenant.Id}` allows models {Listed(models)}, not {model.Id}";
        }

        if (policy.Providers is { } providers && !providers.Contains(provider.Id))
        {
            return $"policy of tenant `{tenant.Id}` allows providers {Listed(providers)}, not {provider.Id}";
        }

        if (policy.Regions is { } regions && !regions.Contains(provider.Region))
        {
            return $"policy of tenant `{tenant.Id}` allows regions {Listed(regions)}; provider {provider.Id} is in region {provider.Region}";
        }

        if (policy.Classes is { } classes && !classes.Contains(provider.Class))
        {
            return $"policy of tenant `{tenant.Id}` allows classes {Listed(classes.Select(ProviderClasses.Name))}; provider {provider.Id} is {ProviderClasses.Name(provider.Class)}";
        }

        return null;
    }

    /// <summary>
    /// Where a candidate ranks among its step's before the step's strategy orders each tier: the
    /// tenant's own credentials first (<c>byok: first</c>), then, with <c>preferLocal</c>, local providers
    /// before hosted ones. Lower goes first.
    /// </summary>
    public static int Tier(TenantDefinition tenant, Candidate candidate)
    {
        var tier = 0;
        if (tenant.Byok == ByokMode.First && tenant.OwnsCredentials && candidate.Credential.Owner is null)
        {
            tier += 2;
        }

        if (tenant.Policy.PreferLocal && candidate.Provider.Class != ProviderClass.Local)
        {
            tier += 1;
        }

        return tier;
    }

    /// <summary>Reorders a step's candidates, already in their strategy's order, into the tenant's tiers; each tier keeps that order.</summary>
    public static IReadOnlyList<T> InTiers<T>(TenantDefinition tenant, IReadOnlyList<T> ordered, Func<T, Candidate> candidateOf)
    {
        if (ordered.Count < 2 || !(tenant.Policy.PreferLocal || (tenant.OwnsCredentials && tenant.Byok == ByokMode.First)))
        {
            return ordered;
        }

        var first = Tier(tenant, candidateOf(ordered[0]));
        for (var i = 1; i < ordered.Count; i++)
        {
            if (Tier(tenant, candidateOf(ordered[i])) != first)
            {
                return [.. ordered.OrderBy(c => Tier(tenant, candidateOf(c)))];
            }
        }

        return ordered;
    }

    private static string Listed(IEnumerable<string> names) => string.Join(", ", names.Order(StringComparer.Ordinal));
}
