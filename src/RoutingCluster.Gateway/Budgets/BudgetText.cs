using System.Globalization;
using RoutingCluster.Tenants;

namespace RoutingCluster.Gateway.Budgets;

/// <summary>How budgets read in refusals and headers: dollars as <c>$12.5</c>, tokens as <c>1000 tokens</c>, times as ISO 8601 in the budget's zone.</summary>
public static class BudgetText
{
    public static string Usd(decimal usd) => "$" + Math.Round(usd, 4).ToString("0.####", CultureInfo.InvariantCulture);

    public static string Tokens(long tokens) => tokens.ToString(CultureInfo.InvariantCulture) + " tokens";

    /// <summary>The cap whose share is the larger one (dollars when equal).</summary>
    public static string TighterLimit(BudgetStanding standing)
    {
        ArgumentNullException.ThrowIfNull(standing);
        var limits = standing.Limits;
        var usdShare = limits.Usd is { } usd ? (usd <= 0 ? 1 : (double)(standing.Committed.Usd / usd)) : -1;
        var tokenShare = limits.Tokens is { } tokens ? (tokens <= 0 ? 1 : (double)standing.Committed.Tokens / tokens) : -1;
        return usdShare >= tokenShare ? Usd(limits.Usd!.Value) : Tokens(limits.Tokens!.Value);
    }

    public static string ResetTime(DateTimeOffset resetAt, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(resetAt, zone).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    /// <summary>Why a reservation was refused: the budget, its caps, what is spent and reserved, the estimate, and when it resets.</summary>
    public static string Refusal(BudgetDefinition budget, BudgetStanding standing, BudgetAmount estimate)
    {
        ArgumentNullException.ThrowIfNull(budget);
        ArgumentNullException.ThrowIfNull(standing);
        var parts = new List<string>(2);
        if (budget.Usd is { } usd)
        {
            parts.Add($"spent {Usd(standing.Spent.Usd)} of {Usd(usd)} ({Usd(standing.Committed.Usd - standing.Spent.Usd)} reserved in flight, this request estimated at {Usd(estimate.Usd)})");
        }

        if (budget.Tokens is { } tokens)
        {
            parts.Add($"spent {Tokens(standing.Spent.Tokens)} of {Tokens(tokens)} ({Tokens(standing.Committed.Tokens - standing.Spent.Tokens)} reserved in flight, this request estimated at {Tokens(estimate.Tokens)})");
        }

        return $"budget `{budget.Id}` would be exceeded: {string.Join("; ", parts)}; it resets at {ResetTime(standing.ResetAt, budget.TimeZone)}";
    }
}
