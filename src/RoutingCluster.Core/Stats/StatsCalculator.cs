using RoutingCluster.Configuration;
using RoutingCluster.Ledger;

namespace RoutingCluster.Stats;

/// <summary>
/// Aggregates ledger records into a <see cref="StatsReport"/>. Pure: same records, config and
/// window, same report.
/// <para>
/// Which calls each table counts: the total and the by-tenant table count every record in the
/// window, rejected ones too (an unauthenticated caller is the tenant <c>(none)</c>). The by-role
/// table counts records that got a role, so requests refused before routing do not dilute a role's
/// error rate. The by-model and by-credential tables count records that reached an upstream: keyed
/// by the model and credential that served, or for a call that failed after attempts, by its last
/// attempt's; calls refused or rate-limited without any attempt do not appear there.
/// </para>
/// Cost is the ledger's own <see cref="LedgerRecord.CostUsd"/> (the serving model's prices at the
/// time); the baseline prices the same input/output tokens at today's baseline model prices.
/// Sums saturate (<see cref="Saturating"/>) instead of overflowing: the ledger may hold any figure.
/// </summary>
public static class StatsCalculator
{
    public const string TotalKey = "total";
    public const string NoTenant = "(none)";

    /// <param name="until">The window's end (inclusive); null: no end.</param>
    public static StatsReport Compute(IEnumerable<LedgerRecord> records, GatewayDefinition config, DateTimeOffset since, DateTimeOffset? until = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(config);
        var window = records.Where(r => r.Time >= since && (until is not { } end || r.Time <= end)).ToList();
        var baseline = Baseline(config);
        return new StatsReport(
            since,
            until,
            window.Count,
            Truncated: false,
            baseline,
            Table(window, r => r.Role, baseline),
            Table(window, r => r.Model ?? LastAttempt(r)?.Model, baseline),
            Table(window, r => r.Credential ?? LastAttempt(r)?.Credential, baseline),
            Table(window, TenantOf, baseline),
            Row(TotalKey, window, baseline))
        {
            Refusals = [.. window
                .Where(r => r.ErrorCode is not null)
                .GroupBy(r => (Tenant: TenantOf(r), Reason: r.ErrorCode!))
                .Select(g => new StatsRefusal(g.Key.Tenant, g.Key.Reason, g.LongCount()))
                .OrderByDescending(r => r.Calls)
                .ThenBy(r => r.Tenant, StringComparer.Ordinal)
                .ThenBy(r => r.Reason, StringComparer.Ordinal)],
        };
    }

    private static string TenantOf(LedgerRecord record) => string.IsNullOrEmpty(record.Tenant) ? NoTenant : record.Tenant;

    /// <summary>The default role's first step's first model, or null if the config does not name one.</summary>
    public static StatsBaseline? Baseline(GatewayDefinition config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (!config.Roles.TryGetValue(config.DefaultRole, out var role)
            || role.Chain.Count == 0
            || role.Chain[0].ModelIds.Count == 0
            || !config.Models.TryGetValue(role.Chain[0].ModelIds[0], out var model))
        {
            return null;
        }

        return new StatsBaseline(role.Name, model.Id, model.InputPricePerMillion, model.OutputPricePerMillion);
    }

    private static LedgerAttempt? LastAttempt(LedgerRecord record) => record.Attempts.Count == 0 ? null : record.Attempts[^1];

    /// <summary>Rows by key, most calls first, ties by key; records with a null key are left out.</summary>
    private static List<StatsRow> Table(List<LedgerRecord> records, Func<LedgerRecord, string?> key, StatsBaseline? baseline) =>
        [.. records
            .Select(r => (Key: key(r), Record: r))
            .Where(x => x.Key is not null)
            .GroupBy(x => x.Key!, StringComparer.Ordinal)
            .Select(g => Row(g.Key, [.. g.Select(x => x.Record)], baseline))
            .OrderByDescending(r => r.Calls)
            .ThenBy(r => r.Key, StringComparer.Ordinal)];

    private static StatsRow Row(string key, List<LedgerRecord> records, StatsBaseline? baseline)
    {
        long calls = records.Count;
        var input = Saturating.Sum(records, r => r.InputTokens);
        var output = Saturating.Sum(records, r => r.OutputTokens);
        var cost = Saturating.Sum(records, r => r.CostUsd);
        long fallbacks = records.Count(r => r.Attempts.Count > 1);
        long errors = records.Count(r => r.Outcome != LedgerOutcomes.Success);
        var durations = records.Select(r => r.DurationMs).Order().ToList();
        decimal? baselineCost = baseline is null ? null : Saturating.Sum(records, r => baseline.Cost(r.InputTokens, r.OutputTokens));
        return new StatsRow(
            key,
            calls,
            input,
            output,
            cost,
            Percentiles.NearestRank(durations, 50),
            Percentiles.NearestRank(durations, 95),
            fallbacks,
            errors,
            Rate(fallbacks, calls),
            Rate(errors, calls),
            baselineCost,
            baselineCost is { } b ? Saturating.Subtract(b, cost) : null);
    }

    private static double Rate(long part, long whole) => whole == 0 ? 0 : (double)part / whole;
}
