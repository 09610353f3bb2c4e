using System.Globalization;
using RoutingCluster.Stats;

namespace RoutingCluster.Gateway.Stats;

/// <summary>Renders a <see cref="StatsReport"/> as the <c>stats</c> verb prints it.</summary>
public static class StatsText
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static void Write(StatsReport report, string source, TextWriter output)
    {
        var until = report.Until is { } end ? $" to {Time(end)}" : "";
        output.WriteLine($"Stats from {source}, {Time(report.Since)}{until}: {report.Calls} call(s)");
        if (report.Truncated)
        {
            output.WriteLine("Note: the ledger held more records than one report reads; these cover the newest only.");
        }

        output.WriteLine(report.Baseline is { } baseline
            ? $"Baseline: role `{baseline.Role}` first model `{baseline.Model}` at ${Number(baseline.InputPricePerMillion)} in / ${Number(baseline.OutputPricePerMillion)} out per 1M tokens; savings = baseline - cost"
            : "Baseline: none (the default role names no model)");

        Section(output, "By role", "ROLE", report.ByRole);
        Section(output, "By model", "MODEL", report.ByModel);
        Section(output, "By credential", "CREDENTIAL", report.ByCredential);
        Section(output, "By tenant", "TENANT", report.ByTenant);
        Section(output, "Total", "", [report.Total]);
        output.WriteLine();
        output.WriteLine("Refusals by tenant and reason");
        if (report.Refusals.Count == 0)
        {
            output.WriteLine("  (none)");
            return;
        }

        var refusals = new TextTable("TENANT", "REASON", "CALLS");
        foreach (var refusal in report.Refusals)
        {
            refusals.Add(refusal.Tenant, refusal.Reason, refusal.Calls.ToString(Invariant));
        }

        refusals.Write(output);
    }

    private static void Section(TextWriter output, string title, string keyHeader, IReadOnlyList<StatsRow> rows)
    {
        output.WriteLine();
        output.WriteLine(title);
        if (rows.Count == 0)
        {
            output.WriteLine("  (no calls)");
            return;
        }

        var table = new TextTable(keyHeader, "CALLS", "IN TOK", "OUT TOK", "COST $", "P50 MS", "P95 MS", "FALLBACK", "ERRORS", "BASELINE $", "SAVINGS $");
        foreach (var row in rows)
        {
            table.Add(
                row.Key,
                row.Calls.ToString(Invariant),
                row.InputTokens.ToString(Invariant),
                row.OutputTokens.ToString(Invariant),
                Usd(row.CostUsd),
                row.P50Ms.ToString("F0", Invariant),
                row.P95Ms.ToString("F0", Invariant),
                Percent(row.FallbackRate),
                Percent(row.ErrorRate),
                row.BaselineCostUsd is { } b ? Usd(b) : "-",
                row.SavingsUsd is { } s ? Usd(s) : "-");
        }

        table.Write(output);
    }

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", Invariant);

    private static string Usd(decimal value) => value.ToString("F6", Invariant);

    private static string Number(decimal value) => value.ToString("0.######", Invariant);

    private static string Percent(double rate) => (rate * 100).ToString("F1", Invariant) + "%";
}
