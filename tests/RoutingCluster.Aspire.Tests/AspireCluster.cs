using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RoutingCluster.AppHost;
using RoutingCluster.Testing;
using Xunit;

namespace RoutingCluster.Aspire.Tests;

/// <summary>
/// The AppHost started once for the test class: the local PostgreSQL binaries, <see cref="Nodes"/> gateway nodes
/// whose only upstream is a <see cref="MockUpstream"/> on loopback (passed as <c>--upstream</c>), and Prometheus
/// when its binary is installed. Ready once every resource reports healthy (bounded); stopped on dispose.
/// </summary>
public sealed class AspireCluster : IAsyncLifetime
{
    public const int Nodes = 2;

    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(60);

    private DistributedApplication? _app;

    private ResourceLogTail? _logs;

    public MockUpstream Upstream { get; private set; } = null!;

    /// <summary>The Prometheus binary the AppHost was given, or null when none is installed.</summary>
    public string? Prometheus { get; } = FindPrometheus();

    public IReadOnlyList<string> NodeNames { get; } = [.. Enumerable.Range(1, Nodes).Select(i => $"gw-{i}")];

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The AppHost has not started.");

    /// <summary>A plain client for one node's http endpoint (what the orchestrator assigned it).</summary>
    public HttpClient ClientFor(string resource) =>
        new() { BaseAddress = App.GetEndpoint(resource, "http"), Timeout = TimeSpan.FromSeconds(30) };

    public async Task InitializeAsync()
    {
        Upstream = await MockUpstream.StartAsync();
        using var start = new CancellationTokenSource(StartTimeout);
        string[] args =
        [
            "--postgres", "local",
            "--nodes", Nodes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--upstream", Upstream.OpenAiBaseUrl,
            "--prometheus", Prometheus ?? "off",
        ];
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.RoutingCluster_AppHost>(args, start.Token);
        // Every health probe that fails while the resources start would log a stack trace; the readiness wait says enough.
        builder.Services.AddLogging(logging => logging.AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None));
        _app = await builder.BuildAsync(start.Token);
        List<string> resources = [ClusterDatabase.ResourceName, .. NodeNames];
        if (Prometheus is not null)
        {
            resources.Add(PrometheusServer.ResourceName);
        }

        _logs = new ResourceLogTail(_app, resources);
        var ready = new List<string>();
        try
        {
            await _app.StartAsync(start.Token);
            foreach (var resource in resources)
            {
                await _app.ResourceNotifications.WaitForResourceHealthyAsync(resource, start.Token);
                ready.Add(resource);
            }
        }
        catch (OperationCanceledException) when (start.IsCancellationRequested)
        {
            throw new TimeoutException(
                $"The AppHost's resources were not all healthy within {StartTimeout.TotalMinutes:0} min (healthy: {string.Join(", ", ready)}).{Environment.NewLine}{RecentLogs}");
        }
    }

    /// <summary>The last lines every resource wrote (for failure messages).</summary>
    public string RecentLogs => _logs?.ToString() ?? "";

    public async Task DisposeAsync()
    {
        _logs?.Dispose();
        if (_app is not null)
        {
            using var stop = new CancellationTokenSource(StopTimeout);
            try
            {
                await _app.StopAsync(stop.Token);
            }
            finally
            {
                await _app.DisposeAsync();
            }
        }

        if (Upstream is not null)
        {
            await Upstream.DisposeAsync();
        }
    }

    private static string? FindPrometheus()
    {
        var path = Environment.GetEnvironmentVariable("RC_PROMETHEUS");
        if (string.IsNullOrEmpty(path))
        {
            path = AppHostSettings.DebianPrometheus;
        }

        return File.Exists(path) ? path : null;
    }
}
