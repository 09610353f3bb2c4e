using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace RoutingCluster.AppHost;

/// <summary>
/// This run's scratch directory under the system temp directory (<c>routingcluster-aspire/RUN</c>): the local
/// PostgreSQL data, the generated configs, Prometheus' data. Removed when the AppHost stops (after its
/// resources have stopped); directories older than a day that a killed AppHost left behind are removed at start.
/// </summary>
public sealed class RunDirectory
{
    private static readonly TimeSpan StaleAfter = TimeSpan.FromDays(1);

    private RunDirectory(string path) => Path = path;

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>A subdirectory, created empty unless it exists.</summary>
    public string Directory(string name) => System.IO.Directory.CreateDirectory(File(name)).FullName;

    public static RunDirectory Create(IDistributedApplicationBuilder builder)
    {
        var root = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "routingcluster-aspire");
        RemoveStale(root);
        var name = string.Create(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Environment.ProcessId}-{Random.Shared.Next(0x10000):x4}");
        var run = new RunDirectory(System.IO.Directory.CreateDirectory(System.IO.Path.Combine(root, name)).FullName);
        builder.Services.AddHostedService(services => new Cleanup(run.Path, services.GetRequiredService<IHostApplicationLifetime>()));
        return run;
    }

    private static void RemoveStale(string root)
    {
        if (!System.IO.Directory.Exists(root))
        {
            return;
        }

        foreach (var old in new DirectoryInfo(root).EnumerateDirectories().Where(d => DateTime.UtcNow - d.LastWriteTimeUtc > StaleAfter))
        {
            TryDelete(old.FullName);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            System.IO.Directory.Delete(path, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a directory still in use is removed by a later run.
        }
    }

    /// <summary>Deletes the run directory once the host has stopped, i.e. after the orchestrator stopped every resource.</summary>
    private sealed class Cleanup(string path, IHostApplicationLifetime lifetime) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            lifetime.ApplicationStopped.Register(() => TryDelete(path));
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
