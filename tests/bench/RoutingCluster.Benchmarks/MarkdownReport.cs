using System.Globalization;

namespace RoutingCluster.Benchmarks;

/// <summary>
/// The Markdown report: machine and parameters, then every target of the last round next to the direct
/// baseline of the same round, as added figures and as ratios, then the issue's targets.
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

        output.WriteLine($"## RoutingCluster gateway overhead ({options.Mode.ToString().ToLowerInvariant()} run)");
        output.WriteLine();
        output.WriteLine("| machine | |");
        output.WriteLine("| --- | --- |");
        output.WriteLine($"| cores | {Machine.Cores} ({Machine.CpuModel}) |");
        output.WriteLine($"| memory | {Num(Machine.MemoryMb / 1024, 1)} GB |");
        output.WriteLine($"| runtime | {Machine.Runtime} |");
        output.WriteLine($"| OS | {Machine.Os} |");
        output.WriteLine($"| gateway | {Machine.GatewayVersion} |");
        output.WriteLine($"| load average (1 min) | {report.LoadAverage} (other processes compete for the same cores) |");
        output.WriteLine($"| PostgreSQL | {report.PostgresVersion ?? "not used (--no-cluster)"} |");
        output.WriteLine($"| run | {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, {report.Duration.TotalSeconds:F0} s, round {report.Rounds.Count} of {report.Rounds.Count} reported |");
        output.WriteLine();
        output.WriteLine("| parameter | value |");
        output.WriteLine("| --- | --- |");
        output.WriteLine($"| mock upstream | {report.Upstream} |");
        output.WriteLine($"| targets | {string.Join(", ", last.Select(r => r.Target))} (cluster-3: three gateways on one database, requests round-robin) |");
        output.WriteLine("| gateways | each node its own process (`RoutingCluster.Gateway.dll`); embedded started once per round; every cluster phase on fresh nodes and a fresh database, warmed up |");
        output.WriteLine($"| closed-loop client | {report.ClosedLoopClient} |");
        var settle = options.WarmUpSettledJitShare is { } share
            ? $", then until every node spends under {Num(share * 1000, 0)} ms per second in the JIT, {JitSettle.QuietProbes} seconds in a row, at most {Num(options.WarmUpCap.TotalSeconds, 0)} s (see Warm-ups)"
            : "";
        output.WriteLine($"| warm-up | {options.WarmUpRequests} requests and at least {Num(options.WarmUpMinDuration.TotalSeconds, 1)} s after every gateway start{settle} (8 concurrent, every 10th streamed) |");
        output.WriteLine($"| open loop | {string.Join(", ", options.Rates)} req/s, {Num(options.RateDuration.TotalSeconds, 1)} s each; latency from each request's intended send time |");
        output.WriteLine($"| closed loop | {string.Join(", ", options.Connections)} connections, {Num(options.ThroughputDuration.TotalSeconds, 1)} s each |");
        output.WriteLine($"| one at a time | {options.SequentialRequests} non-streaming requests, one in flight |");
        output.WriteLine($"| streaming | {options.SequentialRequests} streams one at a time, then {options.StreamRequests} streams with {options.StreamConcurrency} in flight |");
        output.WriteLine($"| per-request timeout | {Num(options.RequestTimeout.TotalSeconds, 0)} s (a timed-out request is an error and has no latency) |");
        output.WriteLine();

        output.WriteLine("### Gateway vs direct (last round)");
        output.WriteLine();
        var header = new List<string> { "metric", Direct };
        header.AddRange(gateways.Select(g => g.Target));
        header.AddRange(gateways.Select(g => $"{g.Target} added"));
        header.AddRange(gateways.Select(g => $"{g.Target} / direct"));
        output.WriteLine("| " + string.Join(" | ", header) + " |");
        output.WriteLine("|" + string.Concat(header.Select((_, i) => i == 0 ? " --- |" : " ---: |")));
        foreach (var metric in ReportMetrics.For(options))
        {
            Row(output, metric, direct, gateways);
        }

        output.WriteLine();
        output.WriteLine("`added` = gateway minus direct, `/ direct` = gateway divided by direct, both from the same round.");
        output.WriteLine("Gateway CPU per request: user + system CPU time the kernel accounted to the gateway process(es) under test over the closed-loop phase (`/proc/PID/stat`, all nodes summed; PostgreSQL not included), divided by successful requests; for `direct` it is the mock's (the harness process, which runs only the mock while wrk loads it"
            + (report.ClosedLoopClient.StartsWith("wrk", StringComparison.Ordinal) ? ")." : "; without wrk it also runs the client, so direct's figure includes the client's CPU).")
            + " Mock CPU per request: this harness process's over the same phase: the mock's"
            + (report.ClosedLoopClient.StartsWith("wrk", StringComparison.Ordinal) ? " (and the health polls')." : " and the own client's.")
            + " At low throughput the process's idle background weighs on both per-request figures.");
        output.WriteLine("Of which background JIT: the part of it spent by the runtime's tiered-compilation thread (`/proc/PID/task/*/stat` of the thread named `.NET Tiered Com`), recompiling hot methods optimized: a process still warming up, not serving. Methods compiled for the first time on the thread that calls them are not in it.");
        output.WriteLine("(!) = measured while the cluster was not healthy (a node unable to reach the database or declared dead, or its admin endpoint not answering): see the cluster health table.");
        output.WriteLine("Stream first token = first body byte (the first SSE event carries the first token); last token = end of the stream.");
        output.WriteLine();

        var memory = report.GatewayProcess;
        var directAtRate = direct.FixedRate.GetValueOrDefault(memory.Load.Rate);
        output.WriteLine("### Embedded gateway as its own process");
        output.WriteLine();
        output.WriteLine("| figure | value |");
        output.WriteLine("| --- | ---: |");
        output.WriteLine($"| open loop | {memory.Load.Rate} req/s, {memory.Load.Sent}/{memory.Load.Planned} sent, {memory.Load.Errors} errors |");
        output.WriteLine($"| resident set steady (median, second half of {memory.Samples} samples) | {Num(memory.RssSteadyMb, 1)} MB |");
        output.WriteLine($"| resident set highest sample | {Num(memory.RssMaxSampleMb, 1)} MB |");
        output.WriteLine($"| resident set peak (VmHWM, since start) | {Num(memory.RssPeakMb, 1)} MB |");
        output.WriteLine($"| gateway process CPU per request | {Num(memory.GatewayCpuMicrosecondsPerRequest, 0)} us |");
        output.WriteLine($"| latency p50 / p99 / max | {Num(memory.Load.Latency.P50, 3)} / {Num(memory.Load.Latency.P99, 3)} / {Num(memory.Load.Latency.Max, 3)} ms |");
        if (directAtRate is not null)
        {
            output.WriteLine($"| direct at the same rate (same round) p50 / p99 | {Num(directAtRate.Latency.P50, 3)} / {Num(directAtRate.Latency.P99, 3)} ms |");
        }

        output.WriteLine();
        output.WriteLine("### Targets of issues 6 (request path) and 14 (Orleans engine)");
        output.WriteLine();
        output.WriteLine("| issue | target | measured | met |");
        output.WriteLine("| ---: | --- | --- | --- |");
        foreach (var check in IssueTargets.Check(report))
        {
            output.WriteLine($"| {check.Issue} | {check.Name} | {check.Measured} | {(check.Met is { } met ? met ? "yes" : "no" : "not measured")} |");
        }

        output.WriteLine();
        output.WriteLine("### Open-loop schedule (last round)");
        output.WriteLine();
        output.WriteLine("| target | rate | sent / planned | errors | upstream received | start lag p99 / max (ms) |");
        output.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in last)
        {
            foreach (var f in r.FixedRate.Values)
            {
                output.WriteLine($"| {r.Target} | {f.Rate} | {f.Sent} / {f.Planned} | {f.Errors} | {f.UpstreamReceived} | {Num(f.StartLag.P99, 3)} / {Num(f.StartLag.Max, 3)} |");
            }
        }

        output.WriteLine();
        output.WriteLine("Start lag: how late the scheduler handed requests to the client against the fixed timeline (1 ms timer); it is inside the latencies above.");
        output.WriteLine();
        foreach (var note in report.Notes.Distinct())
        {
            output.WriteLine($"- **Note:** {note}");
        }

        if (report.Notes.Count > 0)
        {
            output.WriteLine();
        }

        WriteHealth(output, last);
        if (report.Db.Count > 0)
        {
            WriteDb(output, report.Db);
        }

        WriteWarmUps(output, report.WarmUps);
        output.WriteLine("### Memory of the harness process (load generator + mock; the gateways are their own processes)");
        output.WriteLine();
        output.WriteLine("| moment | working set (MB) | managed heap after full GC (MB) |");
        output.WriteLine("| --- | ---: | ---: |");
        foreach (var snapshot in report.Memory)
        {
            output.WriteLine($"| {snapshot.Moment} | {Num(snapshot.WorkingSetBytes / 1048576.0, 1)} | {Num(snapshot.ManagedHeapBytes / 1048576.0, 1)} |");
        }

        output.WriteLine();
    }

    private static void WriteWarmUps(TextWriter output, IReadOnlyList<WarmUpResult> warmUps)
    {
        output.WriteLine("### Warm-ups (every gateway start of the run)");
        output.WriteLine();
        output.WriteLine("| target | starts | JIT settled | seconds, median / longest | requests, median | JIT ms per s at the end (busiest node), highest |");
        output.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var group in warmUps.GroupBy(w => w.Target))
        {
            var seconds = group.Select(w => w.Elapsed.TotalSeconds).Order().ToList();
            var requests = group.Select(w => (double)w.Requests).Order().ToList();
            var share = group.Max(w => w.JitShare);
            output.WriteLine(
                $"| {group.Key} | {group.Count()} | {group.Count(w => w.Settled)} | {Num(seconds[seconds.Count / 2], 1)} / {Num(seconds[^1], 1)} | {Num(requests[requests.Count / 2], 0)} | {(share is { } s ? Num(s * 1000, 0) : "not probed")} |");
        }

        output.WriteLine();
        output.WriteLine("A start whose JIT had not settled by the cap was measured while still warming up.");
        output.WriteLine();
    }

    private static void WriteHealth(TextWriter output, IReadOnlyList<TargetRound> last)
    {
        var clusters = last.Where(r => r.Health.Count > 0).ToList();
        if (clusters.Count == 0)
        {
            return;
        }

        output.WriteLine("### Cluster health per phase (last round)");
        output.WriteLine();
        output.WriteLine("| target | phase | state | ledger backlog at end (pending / dropped) |");
        output.WriteLine("| --- | --- | --- | ---: |");
        foreach (var round in clusters)
        {
            foreach (var (phase, health) in round.Health)
            {
                output.WriteLine($"| {round.Target} | {phase} | {health.Describe()} | {health.LedgerPending} / {health.LedgerDropped} |");
            }
        }

        output.WriteLine();
        output.WriteLine("Each cluster phase ran on nodes started for it on an empty database, then killed. State: every node's `GET /admin/cluster` polled every 250 ms (the database state, a node listed dead), and `GET /metrics` at the end.");
        output.WriteLine();
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
        DbRow(output, db, phases, any, "grain state index scans", c => c.IndexScans,
            "primary-key lookups on the grain state table: each checkpoint read and conditional (version-checked) write");
        DbRow(output, db, phases, any, "grain state sequential scans", c => c.SeqScans, "whole-table scans");
        DbRow(output, db, phases, any, "grain state rows updated", c => c.Updates, "checkpoints and allowance blocks written");
        DbRow(output, db, phases, any, "of which HOT updates", c => c.HotUpdates, "updates that needed no index change");
        DbRow(output, db, phases, any, "grain state rows inserted", c => c.Inserts, "first write of a grain");
        output.WriteLine();
        output.WriteLine("Per request = (phase delta - idle rate x phase window) / successful requests of the phase, on the one-node cluster's own database; the idle rate (heartbeats, leader checks, the health polls, this reader) is measured over 2 s just before the phase on the same node. PostgreSQL publishes a session's counters when it ends or after up to 10 s idle, so the harness waits 11 s after the warm-up before its first reading, and kills the node after the phase (its sessions end) before the last.");
        output.WriteLine();
    }

    private static void DbRow(
        TextWriter output, IReadOnlyDictionary<string, DbWork> db, IReadOnlyList<string> phases, DbWork any, string name, Func<DbCounters, long> counter, string meaning) =>
        output.WriteLine($"| {name} | {string.Join(" | ", phases.Select(p => Num(db[p].PerRequest(counter), 2)))} | {Num(any.BackgroundPerSecond(counter), 1)} | {meaning} |");

    private static void Row(TextWriter output, ReportMetric metric, TargetRound direct, IReadOnlyList<TargetRound> gateways)
    {
        var decimals = metric.Unit == "ms" ? 3 : 0;
        var baseline = metric.Value(direct);
        var cells = new List<string> { $"{metric.Label} ({metric.Unit})", Num(baseline, decimals) };
        cells.AddRange(gateways.Select(g => Num(metric.Value(g), decimals) + (g.Unhealthy(metric.Phase) ? " (!)" : "")));
        var digits = decimals == 0 ? "0" : "0." + new string('0', decimals);
        cells.AddRange(gateways.Select(g => metric.Added && double.IsFinite(metric.Value(g) - baseline)
            ? (metric.Value(g) - baseline).ToString($"+{digits};-{digits};0", CultureInfo.InvariantCulture)
            : ""));
        cells.AddRange(gateways.Select(g => ReportMetrics.Ratio(metric.Value(g), baseline) is var ratio && double.IsFinite(ratio) ? Num(ratio, 2) + "x" : "n/a"));
        output.WriteLine("| " + string.Join(" | ", cells) + " |");
    }

    public static string Num(double value, int decimals) =>
        double.IsFinite(value) ? value.ToString("F" + decimals, CultureInfo.InvariantCulture) : "n/a";
}
