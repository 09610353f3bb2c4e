namespace RoutingCluster.Benchmarks;

/// <summary>One target of issue 6 against this run: <see cref="Met"/> is null when the run did not measure it.</summary>
public sealed record TargetCheck(string Name, string Measured, bool? Met);

/// <summary>The performance targets of issue 6, read from a report (never asserted: the machine is shared).</summary>
public static class IssueTargets
{
    private const int TargetRate = 1000;

    public static IReadOnlyList<TargetCheck> Check(BenchReport report)
    {
        var last = report.Rounds[^1];
        var direct = last.Single(r => r.Target == BenchEnvironment.Direct);
        var embedded = last.Single(r => r.Target == BenchEnvironment.Embedded);
        var checks = new List<TargetCheck>
        {
            Added(direct, embedded, "embedded at 1000 req/s: added p50 <= 0.3 ms, p99 <= 2 ms", 0.3, 2),
        };
        var directMax = direct.Throughput.Values.Max(t => t.RequestsPerSecond);
        var embeddedMax = embedded.Throughput.Values.Max(t => t.RequestsPerSecond);
        var share = ReportMetrics.Ratio(embeddedMax, directMax);
        checks.Add(new("embedded max throughput >= 40% of direct", $"{embeddedMax:F0} vs {directMax:F0} req/s = {share:P0}", share >= 0.4));
        foreach (var cluster in last.Where(r => r.Target.StartsWith("cluster", StringComparison.Ordinal)))
        {
            checks.Add(Added(direct, cluster, $"{cluster.Target} at 1000 req/s: added p50 <= 1 ms, p99 <= 5 ms", 1, 5));
        }

        foreach (var (stream, label) in (ReadOnlySpan<(Func<TargetRound, StreamResult>, string)>)[(r => r.StreamOne, "one at a time"), (r => r.Stream, $"{embedded.Stream.Concurrency} concurrent")])
        {
            var ttft = stream(embedded).FirstByte.P50 - stream(direct).FirstByte.P50;
            checks.Add(new(
                $"embedded streaming first token over direct <= 1 ms at p50 ({label})",
                $"{ttft:+0.000;-0.000} ms ({stream(embedded).FirstByte.P50:F3} vs {stream(direct).FirstByte.P50:F3})",
                double.IsFinite(ttft) ? ttft <= 1 : null));
        }

        var memory = report.GatewayProcess;
        checks.Add(new(
            "gateway RSS < 250 MB steady at 1000 req/s",
            $"{memory.RssSteadyMb:F1} MB steady, {memory.RssPeakMb:F1} MB peak at {memory.Load.Rate} req/s",
            memory.Load.Rate >= TargetRate && double.IsFinite(memory.RssSteadyMb) ? memory.RssSteadyMb < 250 : null));
        return checks;
    }

    private static TargetCheck Added(TargetRound direct, TargetRound gateway, string name, double p50Limit, double p99Limit)
    {
        if (!direct.FixedRate.TryGetValue(TargetRate, out var baseline) || !gateway.FixedRate.TryGetValue(TargetRate, out var measured))
        {
            return new TargetCheck(name, "not measured (no 1000 req/s phase in this mode)", null);
        }

        var p50 = measured.Latency.P50 - baseline.Latency.P50;
        var p99 = measured.Latency.P99 - baseline.Latency.P99;
        return new TargetCheck(name, $"p50 {p50:+0.000;-0.000} ms, p99 {p99:+0.000;-0.000} ms, {measured.Errors} errors", p50 <= p50Limit && p99 <= p99Limit);
    }
}
