namespace RoutingCluster.Tenants;

/// <summary>An amount of spend in both of a budget's units: US dollars and tokens (input + output).</summary>
[GenerateSerializer]
[Immutable]
public readonly record struct BudgetAmount([property: Id(0)] decimal Usd, [property: Id(1)] long Tokens)
{
    public static BudgetAmount Zero => default;

    public BudgetAmount Plus(BudgetAmount other) => new(Usd + other.Usd, Tokens + other.Tokens);

    /// <summary>The part of this amount above <paramref name="other"/>, per unit (never negative).</summary>
    public BudgetAmount Above(BudgetAmount other) => new(Math.Max(0, Usd - other.Usd), Math.Max(0, Tokens - other.Tokens));

    /// <summary>True when this amount stays within the caps <paramref name="limits"/> declares (an undeclared cap holds anything).</summary>
    public bool Within(BudgetLimits limits) =>
        (limits.Usd is not { } usd || Usd <= usd) && (limits.Tokens is not { } tokens || Tokens <= tokens);
}
