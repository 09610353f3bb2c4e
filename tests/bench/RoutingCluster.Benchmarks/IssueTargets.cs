namespace RoutingCluster.Benchmarks;

/// <summary>One target of an issue against this run: <see cref="Met"/> is null when the run did not measure it.</summary>
public sealed record TargetCheck(int Issue, string Name, string Measured, bool? Met);

/// <summary>
/// The performance targets of issue 6 (the request path) and issue 14 (the Orleans engine), read from
/// a report (never asserted: the machine is shared).
/// </summary>
public static class IssueTargets
{
    private const int TargetRate = 1000;

    public static IReadOnlyList<TargetCheck> Check(BenchReport report)
    {
        var last = report.Rounds[^1];
        var direct = last.Single(r => r.Target == BenchEnvironment.Direct);
        var embedded = last.Single(r => r.Target == BenchEnvironment.Embedded);
        var clusters = last.Where(r => r.Target.StartsWith("cluster", StringComparison.Ordinal)).ToList();
        var checks = new List<TargetCheck>
        {
            Added(6, direct, embedded, "embedded at 1000 req/s: added p50 <= 0.3 ms, p99 <= 2 ms", 0.3, 2),
            MaxShare(6, embedded, direct, "embedded max throughput >= 40% of direct", 0.4),
        };
        checks.AddRange(clusters.Select(cluster => Added(6, direct, cluster, $"{cluster.Target} at 1000 req/s: added p50 <= 1 ms, p99 <= 5 ms", 1, 5)));
        foreach (var (stream, label) in (ReadOnlySpan<(Func<TargetRound, StreamResult>, string)>)[(r => r.StreamOne, "one at a time"), (r => r.Stream, $"{embedded.Stream.Concurrency} concurrent")])
        {
            var ttft = stream(embedded).FirstByte.P50 - stream(direct).FirstByte.P50;
            checks.Add(new(
                6,
                $"embedded streaming first token over direct <= 1 ms at p50 ({label})",
                $"{ttft:+0.000;-0.000} ms ({stream(embedded).FirstByte.P50:F3} vs {stream(direct).FirstByte.P50:F3})",
                double.IsFinite(ttft) ? ttft <= 1 : null));
        }

        var memory = report.GatewayProcess;
        checks.Add(new(
            6,
            "gateway RSS < 250 MB steady at 1000 req/s",
            $"{memory.RssSteadyMb:F1} MB steady, {memory.RssPeakMb:F1} MB peak at {memory.Load.Rate} req/s",
            memory.Load.Rate >= TargetRate && double.IsFinite(memory.RssSteadyMb) ? memory.RssSteadyMb < 250 : null));

        checks.Add(MaxShare(14, embedded, direct, "embedded max throughput >= 0.40x direct", 0.4));
        checks.Add(Added(14, direct, embedded, "embedded at 1000 req/s: added p99 <= 2 ms", double.PositiveInfinity, 2));
        if (clusters.Find(c => c.Target == BenchEnvironment.Cluster1) is { } one)
        {
            checks.Add(Added(14, direct, one, "cluster-1 at 1000 req/s: added p50 <= 0.5 ms, p99 <= 3 ms", 0.5, 3));
            checks.Add(MaxShare(14, one, embedded, "cluster-1 max throughput >= 0.6x embedded", 0.6));
        }

        if (clusters.Find(c => c.Target == BenchEnvironment.Cluster3) is { } three)
        {
            checks.Add(Added(14, direct, three, "cluster-3 at 1000 req/s: added p50 <= 1 ms, p99 <= 5 ms, 0 errors", 1, 5));
        }

        return checks;
    }

    private static TargetCheck MaxShare(int issue, TargetRound measured, TargetRound against, string name, double atLeast)
    {
        var max = measured.Throughput.Values.Max(t => t.RequestsPerSecond);
        var baseline = against.Throughput.Values.Max(t => t.RequestsPerSecond);
        var share = ReportMetrics.Ratio(max, baseline);
        return new(issue, name, $"{max:F0} vs {baseline:F0} req/s = {share:F2}x", double.IsFinite(share) ? share >= atLeast : null);
    }

    /// <summary>Added latency at the target rate; the check fails on any error too.</summary>
    private static TargetCheck Added(int issue, TargetRound direct, TargetRound gateway, string name, double p50Limit, double p99Limit)
    {
        if (!direct.FixedRate.TryGetValue(TargetRate, out var baseline) || !gateway.FixedRate.TryGetValue(TargetRate, out var measured))
        {
            return new TargetCheck(issue, name, "not measured (no 1000 req/s phase in this run)", null);
        }

        var p50 = measured.Latency.P50 - baseline.Latency.P50;
        var p99 = measured.Latency.P99 - baseline.Latency.P99;
        return new TargetCheck(
            issue, name, $"p50 {p50:+0.000;-0.000} ms, p99 {p99:+0.000;-0.000} ms, {measured.Errors} errors", p50 <= p50Limit && p99 <= p99Limit && measured.Errors == 0);
    }
}
