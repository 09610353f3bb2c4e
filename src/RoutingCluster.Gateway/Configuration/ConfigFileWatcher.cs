using RoutingCluster.Gateway.Logging;

namespace RoutingCluster.Gateway.Configuration;

/// <summary>
/// Reloads the config file when it changes on disk. A file that fails validation is rejected whole
/// with every error logged, and the last good config stays in force. Changes are noticed through
/// file-system events and, as a fallback for volumes that do not raise them (some container
/// mounts), by comparing the file's content every few seconds.
/// </summary>
/// <remarks>The built-in demo config has no file: then there is nothing to watch.</remarks>
public sealed class ConfigFileWatcher(ActiveConfig active, StartupConfig startup, GatewayConfigLoader loader, ILogger<ConfigFileWatcher> logger)
    : BackgroundService
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(200);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (startup.Path is not { } path)
        {
            return;
        }

        var fullPath = Path.GetFullPath(path);
        // A change is any text other than the one the config in force was built from.
        var lastText = startup.Text;
        var changed = new SemaphoreSlim(0);
        using var watcher = new FileSystemWatcher(Path.GetDirectoryName(fullPath)!, Path.GetFileName(fullPath))
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.FileName | NotifyFilters.CreationTime,
        };
        FileSystemEventHandler onChange = (_, _) => changed.Release();
        watcher.Changed += onChange;
        watcher.Created += onChange;
        watcher.Renamed += (_, _) => changed.Release();
        watcher.EnableRaisingEvents = true;

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await changed.WaitAsync(PollInterval, stoppingToken))
                {
                    // Editors write in bursts; coalesce them. This is wall-clock time on purpose: it
                    // paces file-system events, not routing state, so it does not use the routing clock.
                    await Task.Delay(Debounce, stoppingToken);
                    while (changed.CurrentCount > 0)
                    {
                        await changed.WaitAsync(stoppingToken);
                    }
                }

                var text = ReadOrNull(fullPath);
                if (text is null || text == lastText)
                {
                    continue;
                }

                lastText = text;
                Reload(text, fullPath);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (IOException ex)
            {
                Log.ConfigWatchFailed(logger, fullPath, ex);
            }
        }
    }

    private void Reload(string text, string fullPath)
    {
        var result = loader.Load(text, Path.GetFileName(fullPath));
        if (result.Definition is { } model && result.Errors.Count == 0)
        {
            active.Swap(model);
            Log.ConfigLoaded(logger, fullPath, model.Roles.Count, model.Models.Count, model.Credentials.Count);
        }
        else
        {
            Log.ConfigReloadRejected(logger, fullPath, string.Join('\n', result.Errors.Select(e => "  " + e)));
            active.Reject(result.Errors);
        }
    }

    private static string? ReadOrNull(string fullPath)
    {
        try
        {
            return File.ReadAllText(fullPath);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
