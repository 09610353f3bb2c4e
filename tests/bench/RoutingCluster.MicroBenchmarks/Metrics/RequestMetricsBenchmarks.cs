using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using RoutingCluster.Gateway.Metrics;
using RoutingCluster.Ledger;

namespace RoutingCluster.MicroBenchmarks.Metrics;

/// <summary>What every finished request costs the traffic metrics: the instruments recorded from its
/// ledger record, with OpenTelemetry's meter provider and Prometheus exporter listening (as in the gateway).</summary>
public class RequestMetricsBenchmarks
{
    private ServiceProvider _services = null!;
    private GatewayMetrics _metrics = null!;
    private LedgerRecord _record = null!;

    [GlobalSetup]
    public void Setup()
    {
        _services = new ServiceCollection().AddMetricsExport(new ConfigurationBuilder().Build()).BuildServiceProvider();
        // The provider starts listening when it is first resolved (the host does this at start).
        _ = _services.GetRequiredService<MeterProvider>();
        _metrics = new GatewayMetrics(_services.GetRequiredService<IMeterFactory>());
        var attempt = new LedgerAttempt("m1", "up-model-1", "up", "bench-key", 200, "Success", 1.5, 1.2, null);
        _record = new LedgerRecord(
            "0123456789abcdef0123456789abcdef", DateTimeOffset.UnixEpoch, "local", "", "openai", "default", "default", "role",
            [], [attempt], LedgerOutcomes.Success, 200, "m1", "up", "bench-key", 12, 8, 0, 0.0001m, false, 2.1, null);
        _metrics.OnRequest(_record);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _services.Dispose();
    }

    [Benchmark]
    public void RecordRequest() => _metrics.OnRequest(_record);
}
