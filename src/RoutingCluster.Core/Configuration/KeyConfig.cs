namespace RoutingCluster.Configuration;

/// <summary>
/// A gateway key of a tenant (or of <c>adminKeys</c>): its SHA-256 as the <c>keys</c> verb prints it
/// (<c>hash: sha256:HEX</c>), or the key itself by reference (<c>secret: env:NAME</c> / <c>file:PATH</c>).
/// </summary>
public sealed record KeyConfig
{
    /// <summary>A stable, non-secret name: the ledger, stats and metrics show it.</summary>
    public string? Id { get; init; }
    public string? Hash { get; init; }
    public string? Secret { get; init; }
    /// <summary>Refused with 401 from the next request on (the key stays named in history).</summary>
    public bool? Revoked { get; init; }
    /// <summary>Budgets of this key alone, besides its tenant's.</summary>
    public List<BudgetConfig>? Budgets { get; init; }
}
