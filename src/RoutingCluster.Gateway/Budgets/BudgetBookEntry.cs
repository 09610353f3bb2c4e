using RoutingCluster.Tenants;

namespace RoutingCluster.Gateway.Budgets;

/// <summary>One budget as this node last learned it.</summary>
public sealed record BudgetBookEntry(string TenantId, string BudgetId, BudgetStanding Standing);
