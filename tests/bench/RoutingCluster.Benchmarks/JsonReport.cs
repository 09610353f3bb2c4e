using System.Text.Json;
using System.Text.Json.Nodes;

namespace RoutingCluster.Benchmarks;

/// <summary>
/// The JSON report: the same figures as the Markdown table (from <see cref="ReportMetrics"/>), each
/// gateway figure also as its ratio to the direct baseline of the same run, plus machine and versions.
/// Figures that were not measured are null.
/// </summary>
public static class JsonReport
{
    public static async Task WriteAsync(BenchReport report, string path)
    {
        var options = report.Options;
        var last = report.Rounds[^1];
        var direct = last.Single(r => r.Target == BenchEnvironment.Direct);
        var targets = new JsonObject();
        foreach (var round in last)
        {
            var figures = new JsonObject();
            foreach (var metric in ReportMetrics.For(options))
            {
                var value = metric.Value(round);
                var baseline = metric.Value(direct);
                figures[metric.Key] = round == direct
                    ? Number(value)
                    : new JsonObject
                    {
                        ["value"] = Number(value),
                        ["ratio_to_direct"] = Number(ReportMetrics.Ratio(value, baseline)),
                        ["added_over_direct"] = metric.Added ? Number(value - baseline) : null,
                        ["measured_unhealthy"] = round.Unhealthy(metric.Phase),
                    };
            }

            if (round.Health.Count > 0)
            {
                var health = new JsonObject();
                foreach (var (phase, h) in round.Health)
                {
                    health[phase] = new JsonObject
                    {
                        ["healthy"] = h.Healthy,
                        ["admin_polls"] = h.Polls,
                        ["admin_polls_unanswered"] = h.Unanswered,
                        ["database_unreachable_samples"] = h.DatabaseDownSamples,
                        ["dead_node_samples"] = h.DeadSamples,
                        ["ledger_pending_at_end"] = h.LedgerPending,
                        ["ledger_dropped_at_end"] = h.LedgerDropped,
                    };
                }

                figures["phase_health"] = health;
            }

            targets[round.Target] = figures;
        }

        var memory = report.GatewayProcess;
        var root = new JsonObject
        {
            ["mode"] = options.Mode.ToString().ToLowerInvariant(),
            ["utc"] = DateTimeOffset.UtcNow.ToString("O"),
            ["duration_seconds"] = Number(report.Duration.TotalSeconds),
            ["machine"] = new JsonObject
            {
                ["cores"] = Machine.Cores,
                ["cpu"] = Machine.CpuModel,
                ["memory_mb"] = Number(Machine.MemoryMb),
                ["os"] = Machine.Os,
                ["load_average"] = report.LoadAverage,
            },
            ["versions"] = new JsonObject
            {
                ["runtime"] = Machine.Runtime,
                ["gateway"] = Machine.GatewayVersion,
                ["postgresql"] = report.PostgresVersion,
            },
            ["parameters"] = new JsonObject
            {
                ["upstream"] = report.Upstream,
                ["open_loop_rates"] = new JsonArray([.. options.Rates.Select(r => (JsonNode?)r)]),
                ["open_loop_seconds"] = options.RateDuration.TotalSeconds,
                ["closed_loop_connections"] = new JsonArray([.. options.Connections.Select(c => (JsonNode?)c)]),
                ["closed_loop_seconds"] = options.ThroughputDuration.TotalSeconds,
                ["streams"] = options.StreamRequests,
                ["stream_concurrency"] = options.StreamConcurrency,
                ["rounds"] = options.Rounds,
                ["closed_loop_client"] = report.ClosedLoopClient,
                ["gateways"] = "own processes; embedded once per round; every cluster phase on fresh nodes and a fresh database",
            },
            ["targets"] = targets,
            ["gateway_process"] = new JsonObject
            {
                ["rate"] = memory.Load.Rate,
                ["errors"] = memory.Load.Errors,
                ["rss_steady_mb"] = Number(memory.RssSteadyMb),
                ["rss_max_sample_mb"] = Number(memory.RssMaxSampleMb),
                ["rss_peak_mb"] = Number(memory.RssPeakMb),
                ["cpu_us_per_request"] = Number(memory.GatewayCpuMicrosecondsPerRequest),
                ["p50_ms"] = Number(memory.Load.Latency.P50),
                ["p99_ms"] = Number(memory.Load.Latency.P99),
                ["max_ms"] = Number(memory.Load.Latency.Max),
            },
            ["issue_targets"] = new JsonArray([.. IssueTargets.Check(report).Select(c => (JsonNode?)new JsonObject
            {
                ["issue"] = c.Issue,
                ["target"] = c.Name,
                ["measured"] = c.Measured,
                ["met"] = c.Met,
            })]),
            ["warm_ups"] = new JsonArray([.. report.WarmUps.Select(w => (JsonNode?)new JsonObject
            {
                ["target"] = w.Target,
                ["seconds"] = Number(w.Elapsed.TotalSeconds),
                ["requests"] = w.Requests,
                ["errors"] = w.Errors,
                ["jit_settled"] = w.Settled,
                ["jit_core_share_last"] = w.JitShare is { } share ? Number(share) : null,
            })]),
            ["notes"] = new JsonArray([.. report.Notes.Distinct().Select(n => (JsonNode?)n)]),
        };
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        await File.WriteAllTextAsync(path, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    private static JsonNode? Number(double value) => double.IsFinite(value) ? JsonValue.Create(Math.Round(value, 4)) : null;
}
