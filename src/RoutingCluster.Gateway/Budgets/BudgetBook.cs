using System.Collections.Concurrent;
using RoutingCluster.Tenants;

namespace RoutingCluster.Gateway.Budgets;

/// <summary>
/// What this node last learned of each budget from its grain's answers (reserve and settle), and
/// how many answers it sent with each budget's warning: the metrics read both at a scrape, so a
/// scrape makes no remote call. A budget no request of this node touched is not in it.
/// </summary>
public sealed class BudgetBook
{
    private readonly ConcurrentDictionary<string, BudgetBookEntry> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Tenant, string Budget), long> _warnings = new();

    public IReadOnlyCollection<BudgetBookEntry> Entries => [.. _entries.Values];

    /// <summary>Answers sent with a budget's warning, by tenant and budget id, since this node started.</summary>
    public IReadOnlyCollection<KeyValuePair<(string Tenant, string Budget), long>> Warnings => [.. _warnings];

    public void Learn(string tenantId, BudgetDefinition budget, BudgetStanding standing)
    {
        ArgumentNullException.ThrowIfNull(budget);
        _entries[budget.Id] = new BudgetBookEntry(tenantId, budget.Id, standing);
    }

    public void Warned(string tenantId, string budgetId) => _warnings.AddOrUpdate((tenantId, budgetId), 1, static (_, n) => n + 1);
}
