namespace RoutingCluster.Stats;

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
