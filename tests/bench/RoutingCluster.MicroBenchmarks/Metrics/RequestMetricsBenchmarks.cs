using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RoutingCluster.Gateway.Metrics;
using RoutingCluster.Ledger;
using RoutingCluster.ServiceDefaults;

namespace RoutingCluster.MicroBenchmarks.Metrics;

/// <summary>What every finished request costs the traffic metrics: the instruments recorded from its
/// ledger record, with OpenTelemetry's meter provider and Prometheus exporter listening (as in the gateway).</summary>
public class RequestMetricsBenchmarks
{
    private IHost _host = null!;
    private GatewayMetrics _metrics = null!;
    private LedgerRecord _record = null!;

    [GlobalSetup]
    public void Setup()
    {
        // A started host, as in the gateway: its start is what subscribes OpenTelemetry's listener to the meters.
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddTelemetryDefaults(builder.Configuration, MetricsEndpoint.Telemetry);
        builder.Services.AddSingleton<GatewayMetrics>();
        _host = builder.Build();
        _host.Start();
        _metrics = _host.Services.GetRequiredService<GatewayMetrics>();
        var attempt = new LedgerAttempt("m1", "up-model-1", "up", "bench-key", 200, "Success", 1.5, 1.2, null);
        _record = new LedgerRecord(
            "0123456789abcdef0123456789abcdef", DateTimeOffset.UnixEpoch, "local", "", "openai", "default", "default", "role",
            [], [attempt], LedgerOutcomes.Success, 200, "m1", "up", "bench-key", 12, 8, 0, 0.0001m, false, 2.1, null);
        _metrics.OnRequest(_record);
        if (!Listened(_metrics.Meter))
        {
            throw new InvalidOperationException("OpenTelemetry does not listen to the gateway's meter: the benchmark would measure nothing.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _host.StopAsync().GetAwaiter().GetResult();
        _host.Dispose();
    }

    /// <summary>Whether some listener (here OpenTelemetry's) enabled the meter's request counter.</summary>
    private static bool Listened(Meter meter)
    {
        var enabled = false;
        using var probe = new MeterListener
        {
            InstrumentPublished = (instrument, _) => enabled |= ReferenceEquals(instrument.Meter, meter) && instrument.Name == "routing.requests" && instrument.Enabled,
        };
        probe.Start();
        return enabled;
    }

    [Benchmark]
    public void RecordRequest() => _metrics.OnRequest(_record);
}
