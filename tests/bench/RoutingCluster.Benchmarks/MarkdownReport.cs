using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;

namespace RoutingCluster.Benchmarks;

/// <summary>
/// The report: machine and parameters, then every target of the last round next to the direct
/// baseline of the same round, as added milliseconds and as ratios.
/// </summary>
public static class MarkdownReport
{
    private const string Direct = "direct";

    public static void Write(BenchReport report, TextWriter output)
    {
        var options = report.Options;
        var last = report.Rounds[^1];
        var direct = last.Single(r => r.Target == Direct);
        var gateways = last.Where(r => r.Target != Direct).ToList();

        output.WriteLine("## RoutingCluster gateway overhead");
        output.WriteLine();
        output.WriteLine("| machine | |");
        output.WriteLine("| --- | --- |");
        output.WriteLine($"| cores | {Environment.ProcessorCount} ({CpuModel()}) |");
        output.WriteLine($"| runtime | {RuntimeInformation.FrameworkDescription}, {(GCSettings.IsServerGC ? "server" : "workstation")} GC |");
        output.WriteLine($"| OS | {RuntimeInformation.OSDescription} |");
        output.WriteLine($"| load average (1 min) | {report.LoadAverage} (other processes compete for the same cores) |");
        output.WriteLine($"| PostgreSQL | {report.PostgresVersion ?? "not used (--no-cluster)"} |");
        output.WriteLine($"| run | {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, {report.Duration.TotalSeconds:F0} s, round {report.Rounds.Count} of {report.Rounds.Count} reported |");
        output.WriteLine();
        output.WriteLine("| parameter | value |");
        output.WriteLine("| --- | --- |");
        output.WriteLine($"| warm-up | {options.WarmUpRequests} requests per target per round (8 concurrent, every 10th streamed) |");
        output.WriteLine($"| fixed rate (open loop) | {options.Rate} req/s for {Num(options.RateDuration.TotalSeconds, 0)} s = {options.FixedRateRequests} requests |");
        output.WriteLine($"| max throughput (closed loop) | {options.Workers} workers for {Num(options.ThroughputDuration.TotalSeconds, 0)} s, at most {options.ThroughputMaxRequests} requests |");
        output.WriteLine($"| sequential | {options.SequentialRequests} non-streaming requests, one in flight |");
        output.WriteLine($"| streaming | {options.StreamRequests} `\"stream\": true` requests, one in flight |");
        output.WriteLine($"| per-request timeout | {Num(options.RequestTimeout.TotalSeconds, 0)} s (a timed-out request is an error and has no latency) |");
        output.WriteLine("| request | non-streaming chat completion, ~110 B body; mock answers a ~300 B completion (3 SSE chunks when streamed) |");
        output.WriteLine();

        output.WriteLine("### Gateway vs direct (last round; ms unless noted)");
        output.WriteLine();
        var header = new List<string> { "metric", Direct };
        header.AddRange(gateways.Select(g => g.Target));
        foreach (var gateway in gateways)
        {
            header.Add($"{gateway.Target} added");
            header.Add($"{gateway.Target} / direct");
        }

        output.WriteLine("| " + string.Join(" | ", header) + " |");
        output.WriteLine("|" + string.Concat(header.Select((_, i) => i == 0 ? " --- |" : " ---: |")));
        Row(output, "sequential p50", direct, gateways, r => r.Sequential.Latency.P50);
        Row(output, "sequential p99", direct, gateways, r => r.Sequential.Latency.P99);
        Row(output, "stream first byte p50", direct, gateways, r => r.Stream.FirstByte.P50);
        Row(output, "stream first byte p99", direct, gateways, r => r.Stream.FirstByte.P99);
        Row(output, "stream complete p50", direct, gateways, r => r.Stream.Complete.P50);
        Row(output, "fixed-rate p50", direct, gateways, r => r.FixedRate.Latency.P50);
        Row(output, "fixed-rate p90", direct, gateways, r => r.FixedRate.Latency.P90);
        Row(output, "fixed-rate p99", direct, gateways, r => r.FixedRate.Latency.P99);
        Row(output, "fixed-rate max", direct, gateways, r => r.FixedRate.Latency.Max);
        Row(output, "max throughput (req/s)", direct, gateways, r => r.Throughput.RequestsPerSecond, decimals: 0, added: false);
        Row(output, "closed-loop p50", direct, gateways, r => r.Throughput.Latency.P50);
        Row(output, "closed-loop p99", direct, gateways, r => r.Throughput.Latency.P99);
        Row(output, "process CPU per request, fixed rate (us)", direct, gateways, r => r.FixedRate.CpuMicrosecondsPerRequest, decimals: 0);
        Row(output, "process CPU per request, max throughput (us)", direct, gateways, r => r.Throughput.CpuMicrosecondsPerRequest, decimals: 0);
        output.WriteLine();
        output.WriteLine("Latency: from handing the request to the client to its last byte (stream first byte: to the first body byte).");
        output.WriteLine("`added` = gateway minus direct, `/ direct` = gateway divided by direct, both from the same round.");
        output.WriteLine("Process CPU per request: CPU time of this whole process (load generator, mock, gateways; PostgreSQL not included) over the phase, divided by successful requests; unlike latency and throughput it barely depends on what else runs on the machine.");
        output.WriteLine();

        output.WriteLine("### Counts (last round)");
        output.WriteLine();
        output.WriteLine("| target | sequential ok / errors | streams ok / errors | fixed-rate sent / planned | errors | upstream received | start lag p99 / max (ms) | closed-loop completed | errors |");
        output.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in last)
        {
            var f = r.FixedRate;
            output.WriteLine(
                $"| {r.Target} | {r.Sequential.Latency.Count} / {r.Sequential.Errors} | {r.Stream.FirstByte.Count} / {r.Stream.Errors} "
                + $"| {f.Sent} / {f.Planned} | {f.Errors} | {f.UpstreamReceived} | {Num(f.StartLag.P99, 3)} / {Num(f.StartLag.Max, 3)} "
                + $"| {r.Throughput.Completed} | {r.Throughput.Errors} |");
        }

        output.WriteLine();
        output.WriteLine("Start lag: how late the open-loop scheduler handed requests to the client against the fixed timeline (1 ms timer).");
        output.WriteLine();
        foreach (var note in report.Notes.Distinct())
        {
            output.WriteLine($"- **Note:** {note}");
        }

        if (report.Notes.Count > 0)
        {
            output.WriteLine();
        }

        if (report.Db.Count > 0)
        {
            WriteDb(output, report.Db);
        }

        output.WriteLine("### Memory of the whole process (load generator + mock + gateways)");
        output.WriteLine();
        output.WriteLine("| moment | working set (MB) | managed heap after full GC (MB) |");
        output.WriteLine("| --- | ---: | ---: |");
        foreach (var snapshot in report.Memory)
        {
            output.WriteLine($"| {snapshot.Moment} | {Num(snapshot.WorkingSetBytes / 1048576.0, 1)} | {Num(snapshot.ManagedHeapBytes / 1048576.0, 1)} |");
        }

        output.WriteLine();
        if (report.Rounds.Count > 1)
        {
            output.WriteLine("### Every round (how much the numbers move)");
            output.WriteLine();
            output.WriteLine("| round | target | sequential p50 | stream first byte p50 | fixed-rate p50 | fixed-rate p99 | max throughput (req/s) |");
            output.WriteLine("| ---: | --- | ---: | ---: | ---: | ---: | ---: |");
            for (var i = 0; i < report.Rounds.Count; i++)
            {
                foreach (var r in report.Rounds[i])
                {
                    output.WriteLine(
                        $"| {i + 1} | {r.Target} | {Num(r.Sequential.Latency.P50, 3)} | {Num(r.Stream.FirstByte.P50, 3)} "
                        + $"| {Num(r.FixedRate.Latency.P50, 3)} | {Num(r.FixedRate.Latency.P99, 3)} | {Num(r.Throughput.RequestsPerSecond, 0)} |");
                }
            }

            output.WriteLine();
        }
    }

    private static void WriteDb(TextWriter output, IReadOnlyDictionary<string, DbWork> db)
    {
        var phases = db.Keys.ToList();
        var any = db[phases[0]];
        output.WriteLine("### Cluster database work per request (last round)");
        output.WriteLine();
        output.WriteLine("| counter | " + string.Join(" | ", phases.Select(p => $"{p} ({db[p].Requests} ok requests)")) + " | idle background per second | what it counts |");
        output.WriteLine("| --- |" + string.Concat(phases.Select(_ => " ---: |")) + " ---: | --- |");
        DbRow(output, db, phases, any, "transactions committed", c => c.Commits,
            "`pg_stat_database.xact_commit`: each statement run outside an explicit transaction, or each explicit transaction; a floor on round trips, not a count of them");
        DbRow(output, db, phases, any, "transactions rolled back", c => c.Rollbacks, "`xact_rollback`");
        DbRow(output, db, phases, any, "rc_entities index scans", c => c.IndexScans,
            "primary-key lookups on the entity table: each state read and each conditional (compare-and-swap) update");
        DbRow(output, db, phases, any, "rc_entities sequential scans", c => c.SeqScans, "whole-table scans (e.g. listing entity ids)");
        DbRow(output, db, phases, any, "rc_entities rows updated", c => c.Updates, "entity state writes that won (a lost compare-and-swap updates no row)");
        DbRow(output, db, phases, any, "of which HOT updates", c => c.HotUpdates, "updates that needed no index change");
        DbRow(output, db, phases, any, "rc_entities rows inserted", c => c.Inserts, "first writes of an entity");
        output.WriteLine();
        output.WriteLine("Per request = (phase delta - idle rate x phase window) / successful requests of the phase; the idle rate (heartbeats, leader checks, this reader) is measured once, before the measured phases. PostgreSQL publishes a session's counters when it ends or after up to 10 s idle, so before every reading the harness closes the gateway's idle pooled connections (it reopens them on demand: a few connection setups at the start of the measured phase) and waits 1 s.");
        output.WriteLine();
    }

    private static void DbRow(
        TextWriter output, IReadOnlyDictionary<string, DbWork> db, IReadOnlyList<string> phases, DbWork any, string name, Func<DbCounters, long> counter, string meaning) =>
        output.WriteLine($"| {name} | {string.Join(" | ", phases.Select(p => Num(db[p].PerRequest(counter), 2)))} | {Num(any.BackgroundPerSecond(counter), 1)} | {meaning} |");

    private static void Row(
        TextWriter output, string name, TargetRound direct, IReadOnlyList<TargetRound> gateways, Func<TargetRound, double> value, int decimals = 3, bool added = true)
    {
        var baseline = value(direct);
        var cells = new List<string> { name, Num(baseline, decimals) };
        cells.AddRange(gateways.Select(g => Num(value(g), decimals)));
        foreach (var gateway in gateways)
        {
            var v = value(gateway);
            var digits = decimals == 0 ? "0" : "0." + new string('0', decimals);
            cells.Add(added && double.IsFinite(v - baseline) ? (v - baseline).ToString($"+{digits};-{digits}", CultureInfo.InvariantCulture) : "");
            cells.Add(baseline > 0 ? Num(v / baseline, 2) + "x" : "n/a");
        }

        output.WriteLine("| " + string.Join(" | ", cells) + " |");
    }

    private static string Num(double value, int decimals) =>
        double.IsFinite(value) ? value.ToString("F" + decimals, CultureInfo.InvariantCulture) : "n/a";

    private static string CpuModel()
    {
        const string cpuInfo = "/proc/cpuinfo";
        if (!File.Exists(cpuInfo))
        {
            return "model unknown";
        }

        var line = File.ReadLines(cpuInfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
        return line is null ? "model unknown" : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
    }
}
