using System.Collections.Concurrent;
using System.Text;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace RoutingCluster.Aspire.Tests;

/// <summary>The last lines each watched resource wrote, kept from the moment the watch starts, for failure messages.</summary>
public sealed class ResourceLogTail : IDisposable
{
    private const int Kept = 60;

    private readonly CancellationTokenSource _stop = new();
    private readonly IReadOnlyList<string> _resources;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> _lines = new(StringComparer.Ordinal);

    public ResourceLogTail(DistributedApplication app, IReadOnlyList<string> resources)
    {
        _resources = resources;
        var loggers = app.Services.GetRequiredService<ResourceLoggerService>();
        foreach (var resource in resources)
        {
            var queue = _lines.GetOrAdd(resource, _ => new ConcurrentQueue<string>());
            _ = WatchAsync(loggers, resource, queue, _stop.Token);
        }
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var resource in _resources)
        {
            text.AppendLine($"--- {resource} (last lines)");
            foreach (var line in _lines[resource])
            {
                text.AppendLine(line);
            }
        }

        return text.ToString();
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }

    private static async Task WatchAsync(ResourceLoggerService loggers, string resource, ConcurrentQueue<string> queue, CancellationToken stop)
    {
        try
        {
            await foreach (var batch in loggers.WatchAsync(resource).WithCancellation(stop))
            {
                foreach (var line in batch)
                {
                    queue.Enqueue(line.Content);
                    while (queue.Count > Kept)
                    {
                        queue.TryDequeue(out _);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped with the fixture.
        }
    }
}
