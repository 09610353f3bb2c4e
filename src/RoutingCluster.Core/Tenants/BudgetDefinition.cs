namespace RoutingCluster.Tenants;

/// <summary>A spending cap for one calendar period; at least one of <see cref="Usd"/> and <see cref="Tokens"/> is set.</summary>
/// <param name="Id">Names the budget in refusals, headers and metrics: <c>tenant/day</c>, <c>tenant/key/month</c>.</param>
/// <param name="WarnAt">Fraction of the cap from which answers carry a warning.</param>
public sealed record BudgetDefinition(string Id, BudgetPeriod Period, decimal? Usd, long? Tokens, double WarnAt, TimeZoneInfo TimeZone);
