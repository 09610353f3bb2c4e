using System.Diagnostics.Metrics;
using RoutingCluster.Gateway.Budgets;

namespace RoutingCluster.Gateway.Metrics;

/// <summary>
/// Budget instruments on the gateway's meter: answers sent with a warning
/// (<c>routing_budget_warnings_total</c>) and what is left of each budget
/// (<c>routing_budget_remaining</c>, per unit). Both are read at a scrape from this node's
/// <see cref="BudgetBook"/> (the grains' last answers), never from a grain.
/// </summary>
public sealed class BudgetMetrics
{
    private const string BudgetLabel = "budget";
    private const string UnitLabel = "unit";

    private readonly BudgetBook _book;
    private readonly TimeProvider _time;

    public BudgetMetrics(GatewayMetrics metrics, BudgetBook book, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        _book = book;
        _time = time;
        metrics.Meter.CreateObservableCounter("routing.budget.warnings", Warnings, "{warning}",
            "Answers that carried a budget warning (spend past the budget's warnAt), by tenant and budget.");
        metrics.Meter.CreateObservableGauge("routing.budget.remaining", Remaining,
            description: "What is left of a budget's cap (cap minus spent and reserved), by tenant, budget and unit (usd or tokens), as this node last learned it.");
    }

    private IEnumerable<Measurement<long>> Warnings() =>
        _book.Warnings.Select(w => new Measurement<long>(w.Value,
            new KeyValuePair<string, object?>(MetricTags.Tenant, w.Key.Tenant), new KeyValuePair<string, object?>(BudgetLabel, w.Key.Budget)));

    private IEnumerable<Measurement<double>> Remaining()
    {
        var now = _time.GetUtcNow();
        foreach (var entry in _book.Entries)
        {
            var standing = entry.Standing;
            if (now >= standing.ResetAt)
            {
                // Learned in a period that has ended since: spend starts again from zero at the boundary.
                standing = standing with { Committed = standing.Committed.Above(standing.Spent), Spent = default };
            }

            if (standing.Limits.Usd is { } usd)
            {
                yield return Measurement(entry, "usd", (double)Math.Max(0, usd - standing.Committed.Usd));
            }

            if (standing.Limits.Tokens is { } tokens)
            {
                yield return Measurement(entry, "tokens", Math.Max(0, tokens - standing.Committed.Tokens));
            }
        }
    }

    private static Measurement<double> Measurement(BudgetBookEntry entry, string unit, double value) =>
        new(value, new KeyValuePair<string, object?>(MetricTags.Tenant, entry.TenantId), new KeyValuePair<string, object?>(BudgetLabel, entry.BudgetId),
            new KeyValuePair<string, object?>(UnitLabel, unit));
}
