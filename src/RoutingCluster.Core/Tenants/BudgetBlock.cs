namespace RoutingCluster.Tenants;

/// <summary>
/// How much a budget grain may let <see cref="BudgetState.Committed"/> grow past its last persisted
/// state (hi/lo): a tenth of each cap, but no more than what is left of it, and at least what the
/// reservation at hand needs. A crash loses at most one block, which recovery counts as spent.
/// </summary>
public static class BudgetBlock
{
    public const decimal Share = 0.1m;

    public static BudgetAmount Next(BudgetLimits limits, BudgetAmount committed, BudgetAmount needed)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var usd = limits.Usd is { } capUsd ? Math.Max(needed.Usd, Math.Min(capUsd * Share, Math.Max(0, capUsd - committed.Usd))) : 0;
        var tokens = limits.Tokens is { } capTokens
            ? Math.Max(needed.Tokens, Math.Min((long)Math.Ceiling(capTokens * (double)Share), Math.Max(0, capTokens - committed.Tokens)))
            : 0;
        return new(usd, tokens);
    }

    /// <summary>True when growth <paramref name="used"/> plus <paramref name="more"/> stays within <paramref name="block"/> for every declared cap.</summary>
    public static bool Covers(BudgetLimits limits, BudgetAmount block, BudgetAmount used, BudgetAmount more)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var total = used.Plus(more);
        return (limits.Usd is null || total.Usd <= block.Usd) && (limits.Tokens is null || total.Tokens <= block.Tokens);
    }
}
