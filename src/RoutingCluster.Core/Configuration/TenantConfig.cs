namespace RoutingCluster.Configuration;

/// <summary>One team or app that calls the gateway: its keys, what it may use, what it may spend.</summary>
public sealed record TenantConfig
{
    public string? Id { get; init; }
    /// <summary>A display name for stats and the admin API; the id when absent.</summary>
    public string? Name { get; init; }
    public List<KeyConfig>? Keys { get; init; }
    /// <summary>Its keys may also use <c>/admin</c> (every tenant's data).</summary>
    public bool? Admin { get; init; }
    public TenantPolicyConfig? Policy { get; init; }
    /// <summary><c>first</c> (default), <c>only</c> or <c>never</c>: how its own credentials rank against pooled ones.</summary>
    public string? Byok { get; init; }
    public List<BudgetConfig>? Budgets { get; init; }
    /// <summary>The tenant's own rate limits (rpm, tpm, concurrency, windows), over all of its keys and every node.</summary>
    public LimitsConfig? Limits { get; init; }
}
