namespace RoutingCluster.Stats;

/// <summary>
/// Traffic over the ledger since <see cref="Since"/>, in four views of the same calls (by role,
/// serving model, credential and tenant) and a total over every call in the window.
/// </summary>
/// <param name="Until">The window's end, when it has one.</param>
/// <param name="Calls">Every record in the window, rejected ones included (the total row's calls).</param>
/// <param name="Truncated">True when the ledger held more records than were read; the numbers cover the newest only.</param>
/// <param name="Baseline">What costs are compared against; null when the default role names no model.</param>
public sealed record StatsReport(
    DateTimeOffset Since,
    DateTimeOffset? Until,
    long Calls,
    bool Truncated,
    StatsBaseline? Baseline,
    IReadOnlyList<StatsRow> ByRole,
    IReadOnlyList<StatsRow> ByModel,
    IReadOnlyList<StatsRow> ByCredential,
    IReadOnlyList<StatsRow> ByTenant,
    StatsRow Total)
{
    /// <summary>Refusals by tenant and reason (<see cref="Ledger.LedgerRecord.ErrorCode"/>), most first.</summary>
    public IReadOnlyList<StatsRefusal> Refusals { get; init; } = [];
}
