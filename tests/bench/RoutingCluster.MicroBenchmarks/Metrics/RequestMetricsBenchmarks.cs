using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using RoutingCluster.Gateway.Metrics;
using RoutingCluster.Ledger;

namespace RoutingCluster.MicroBenchmarks.Metrics;

/// <summary>What every finished request costs the traffic metrics: the instruments recorded from its
/// ledger record, with the Prometheus collector listening (as in the gateway).</summary>
public class RequestMetricsBenchmarks
{
    private ServiceProvider _services = null!;
    private GatewayMetrics _metrics = null!;
    private MetricsCollector _collector = null!;
    private LedgerRecord _record = null!;

    [GlobalSetup]
    public void Setup()
    {
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        _metrics = new GatewayMetrics(_services.GetRequiredService<IMeterFactory>());
        _collector = new MetricsCollector(_metrics);
        var attempt = new LedgerAttempt("m1", "up-model-1", "up", "bench-key", 200, "Success", 1.5, 1.2, null);
        _record = new LedgerRecord(
            "0123456789abcdef0123456789abcdef", DateTimeOffset.UnixEpoch, "local", "", "openai", "default", "default", "role",
            [], [attempt], LedgerOutcomes.Success, 200, "m1", "up", "bench-key", 12, 8, 0, 0.0001m, false, 2.1, null);
        _metrics.OnRequest(_record);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _collector.Dispose();
        _services.Dispose();
    }

    [Benchmark]
    public void RecordRequest() => _metrics.OnRequest(_record);
}
