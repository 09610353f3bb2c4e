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
    StatsRow Total);

/// <summary>
/// The role-less baseline: the default role's first step's first model, i.e. what every request
/// would have used without roles. Its prices price the same tokens for comparison.
/// </summary>
public sealed record StatsBaseline(string Role, string Model, decimal InputPricePerMillion, decimal OutputPricePerMillion)
{
    public decimal Cost(long inputTokens, long outputTokens) =>
        ((inputTokens * InputPricePerMillion) + (outputTokens * OutputPricePerMillion)) / 1_000_000m;
}

/// <summary>One line of a stats table.</summary>
/// <param name="Key">The role, model, credential or tenant (or <c>total</c>).</param>
/// <param name="Fallbacks">Calls that took more than one attempt.</param>
/// <param name="Errors">Calls whose outcome is not <c>success</c>.</param>
/// <param name="P50Ms">Nearest-rank median of the calls' <c>DurationMs</c> (see <see cref="Percentiles"/>).</param>
/// <param name="FallbackRate"><see cref="Fallbacks"/> / <see cref="Calls"/>, 0 to 1.</param>
/// <param name="ErrorRate"><see cref="Errors"/> / <see cref="Calls"/>, 0 to 1.</param>
/// <param name="BaselineCostUsd">The same input/output tokens at the baseline model's prices; null without a baseline.</param>
/// <param name="SavingsUsd">Baseline minus actual; negative when routing cost more.</param>
public sealed record StatsRow(
    string Key,
    long Calls,
    long InputTokens,
    long OutputTokens,
    decimal CostUsd,
    double P50Ms,
    double P95Ms,
    long Fallbacks,
    long Errors,
    double FallbackRate,
    double ErrorRate,
    decimal? BaselineCostUsd,
    decimal? SavingsUsd);
