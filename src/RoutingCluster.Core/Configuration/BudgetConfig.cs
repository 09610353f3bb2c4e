namespace RoutingCluster.Configuration;

/// <summary>A spending cap per calendar period: US dollars, tokens, or both.</summary>
public sealed record BudgetConfig
{
    /// <summary><c>day</c> or <c>month</c>, calendar periods in <see cref="TimeZone"/>.</summary>
    public string? Period { get; init; }
    public decimal? Usd { get; init; }
    public long? Tokens { get; init; }
    /// <summary>Fraction (0..1] of the budget from which answers carry a warning header; default 0.8.</summary>
    public double? WarnAt { get; init; }
    /// <summary>An IANA time zone id (<c>Europe/Berlin</c>); default UTC.</summary>
    public string? TimeZone { get; init; }
}
