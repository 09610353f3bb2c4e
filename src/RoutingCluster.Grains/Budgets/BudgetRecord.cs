using RoutingCluster.Tenants;

namespace RoutingCluster.Grains.Budgets;

/// <summary>The persisted shape of a budget grain: its last checkpoint, none before the first write.</summary>
[GenerateSerializer]
public sealed class BudgetRecord
{
    [Id(0)]
    public BudgetCheckpoint? Checkpoint { get; set; }
}
