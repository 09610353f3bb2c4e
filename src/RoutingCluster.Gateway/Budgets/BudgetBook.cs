using System.Collections.Concurrent;
using RoutingCluster.Tenants;

namespace RoutingCluster.Gateway.Budgets;

/// <summary>
/// What this node last learned of each budget from its grain's answers (reserve and settle): the
/// gauges read it at a scrape, so a scrape makes no remote call. A budget no request of this node
/// touched is not in it.
/// </summary>
public sealed class BudgetBook
{
    private readonly ConcurrentDictionary<string, BudgetBookEntry> _entries = new(StringComparer.Ordinal);

    public void Learn(string tenantId, BudgetDefinition budget, BudgetStanding standing) =>
        _entries[budget.Id] = new BudgetBookEntry(tenantId, budget.Id, standing);

    public IReadOnlyCollection<BudgetBookEntry> Entries => [.. _entries.Values];
}
