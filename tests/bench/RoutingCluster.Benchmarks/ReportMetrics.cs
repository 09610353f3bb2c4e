namespace RoutingCluster.Benchmarks;

/// <summary>
/// One figure of the report, read from a target's last round. The Markdown table and the JSON file are
/// both built from <see cref="ReportMetrics.For"/>, so they always carry the same figures.
/// </summary>
/// <param name="Key">Stable name in the JSON file.</param>
/// <param name="Phase">The phase it comes from (see <see cref="Phases"/>): a figure of a phase measured on an unhealthy cluster is flagged.</param>
/// <param name="Added">Whether "gateway minus direct" means something (latencies, CPU); not for throughput.</param>
public sealed record ReportMetric(string Key, string Label, string Unit, string Phase, Func<TargetRound, double> Value, bool Added = true);

public static class ReportMetrics
{
    public static IReadOnlyList<ReportMetric> For(BenchOptions options)
    {
        var metrics = new List<ReportMetric>
        {
            new("sequential.p50_ms", "one at a time p50", "ms", Phases.Sequential, r => r.Sequential.Latency.P50),
            new("sequential.p99_ms", "one at a time p99", "ms", Phases.Sequential, r => r.Sequential.Latency.P99),
        };
        foreach (var rate in options.Rates)
        {
            var phase = Phases.FixedRate(rate);
            metrics.Add(new($"open_loop_{rate}.p50_ms", $"{rate} req/s p50", "ms", phase, r => r.FixedRate[rate].Latency.P50));
            metrics.Add(new($"open_loop_{rate}.p90_ms", $"{rate} req/s p90", "ms", phase, r => r.FixedRate[rate].Latency.P90));
            metrics.Add(new($"open_loop_{rate}.p99_ms", $"{rate} req/s p99", "ms", phase, r => r.FixedRate[rate].Latency.P99));
            metrics.Add(new($"open_loop_{rate}.max_ms", $"{rate} req/s max", "ms", phase, r => r.FixedRate[rate].Latency.Max));
            metrics.Add(new($"open_loop_{rate}.errors", $"{rate} req/s errors", "requests", phase, r => r.FixedRate[rate].Errors));
        }

        foreach (var connections in options.Connections)
        {
            var phase = Phases.ClosedLoop(connections);
            metrics.Add(new($"closed_loop_{connections}.requests_per_second", $"max throughput, {connections} connections", "req/s", phase,
                r => r.Throughput[connections].RequestsPerSecond, Added: false));
            metrics.Add(new($"closed_loop_{connections}.gateway_cpu_us_per_request", $"gateway CPU per request, {connections} connections", "us", phase,
                r => r.Throughput[connections].GatewayCpuMicrosecondsPerRequest));
            metrics.Add(new($"closed_loop_{connections}.gateway_jit_cpu_us_per_request", $"of which background JIT, {connections} connections", "us", phase,
                r => r.Throughput[connections].GatewayTieringCpuMicrosecondsPerRequest));
            metrics.Add(new($"closed_loop_{connections}.mock_cpu_us_per_request", $"mock CPU per request, {connections} connections", "us", phase,
                r => r.Throughput[connections].MockCpuMicrosecondsPerRequest));
            metrics.Add(new($"closed_loop_{connections}.errors", $"{connections} connections errors", "requests", phase, r => r.Throughput[connections].Errors));
        }

        metrics.Add(new("stream_1.first_token_p50_ms", "stream first token p50 (one at a time)", "ms", Phases.StreamOne, r => r.StreamOne.FirstByte.P50));
        metrics.Add(new("stream_1.first_token_p99_ms", "stream first token p99 (one at a time)", "ms", Phases.StreamOne, r => r.StreamOne.FirstByte.P99));
        metrics.Add(new("stream_1.last_token_p50_ms", "stream last token p50 (one at a time)", "ms", Phases.StreamOne, r => r.StreamOne.Complete.P50));
        metrics.Add(new("stream_concurrent.first_token_p50_ms", $"stream first token p50 ({options.StreamConcurrency} concurrent)", "ms", Phases.Stream, r => r.Stream.FirstByte.P50));
        metrics.Add(new("stream_concurrent.first_token_p99_ms", $"stream first token p99 ({options.StreamConcurrency} concurrent)", "ms", Phases.Stream, r => r.Stream.FirstByte.P99));
        metrics.Add(new("stream_concurrent.last_token_p50_ms", $"stream last token p50 ({options.StreamConcurrency} concurrent)", "ms", Phases.Stream, r => r.Stream.Complete.P50));
        metrics.Add(new("stream_concurrent.last_token_p99_ms", $"stream last token p99 ({options.StreamConcurrency} concurrent)", "ms", Phases.Stream, r => r.Stream.Complete.P99));
        metrics.Add(new("stream_concurrent.errors", "stream errors (both phases)", "streams", Phases.Stream, r => r.StreamOne.Errors + r.Stream.Errors));
        return metrics;
    }

    /// <summary>Gateway divided by direct; NaN when the baseline is zero or missing.</summary>
    public static double Ratio(double value, double baseline) => baseline > 0 && double.IsFinite(value) ? value / baseline : double.NaN;
}
