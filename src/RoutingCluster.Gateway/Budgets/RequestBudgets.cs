using RoutingCluster.Tenants;

namespace RoutingCluster.Gateway.Budgets;

/// <summary>
/// The budgets one request spends against (its tenant's and its key's), and the warnings of the
/// attempt it committed to last: the response sink writes them as headers before the body.
/// </summary>
public sealed class RequestBudgets
{
    private RequestBudgets(string tenantId, IReadOnlyList<BudgetDefinition> definitions)
    {
        TenantId = tenantId;
        Definitions = definitions;
    }

    public string TenantId { get; }

    public IReadOnlyList<BudgetDefinition> Definitions { get; }

    /// <summary>Budgets the latest granted attempt takes past their warnAt, with their header values.</summary>
    public IReadOnlyList<BudgetWarning> Warnings { get; internal set; } = [];

    /// <summary>The budgets of a caller, or null when it has none: the request then makes no budget call at all.</summary>
    public static RequestBudgets? For(TenantDefinition tenant, string keyId)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var keyBudgets = tenant.KeyBudgets.GetValueOrDefault(keyId) ?? [];
        if (tenant.Budgets.Count == 0 && keyBudgets.Count == 0)
        {
            return null;
        }

        return new RequestBudgets(tenant.Id, [.. tenant.Budgets, .. keyBudgets]);
    }

    /// <summary>Writes <see cref="BudgetWarning.Header"/> when the answer takes a budget past its warnAt.</summary>
    public void WriteHeaders(IHeaderDictionary headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        if (Warnings.Count > 0)
        {
            headers[BudgetWarning.Header] = Warnings.Select(w => w.Value).ToArray();
        }
    }
}
