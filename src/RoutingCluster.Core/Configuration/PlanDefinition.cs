using RoutingCluster.Plans;

namespace RoutingCluster.Configuration;

/// <summary>What makes a credential a subscription profile: its thresholds, the roles it is kept for, its header mapping and heartbeat.</summary>
/// <param name="ReserveFor">The only roles that may use it; null: every role.</param>
/// <param name="Heartbeat">Null: no heartbeat (only responses teach its figures).</param>
public sealed record PlanDefinition(
    PlanPolicy Policy,
    IReadOnlySet<string>? ReserveFor,
    IReadOnlyList<PlanHeaderMapping> Mapping,
    PlanHeartbeat? Heartbeat);
