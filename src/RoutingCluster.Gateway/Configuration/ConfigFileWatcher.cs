using RoutingCluster.Configuration;
using RoutingCluster.Gateway.Logging;

namespace RoutingCluster.Gateway.Configuration;

/// <summary>
/// Reloads the config file when it changes on disk. A file that fails validation is rejected whole
/// with its errors logged (a bounded summary, see <see cref="ConfigErrorSummary"/>), and the last good
/// config stays in force; so is a file over the size cap, which is not even read. Changes are noticed through
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
        // A change is any text other than the one the config in force was built from; an oversized
        // file is reported once, until it changes size.
        string? lastText = startup.Text;
        string? lastRefusal = null;
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

                switch (ConfigFileReader.Read(fullPath, Path.GetFileName(fullPath), startup.MaxFileBytes))
                {
                    case ConfigFileRead.Text read when read.Content != lastText:
                        (lastText, lastRefusal) = (read.Content, null);
                        Reload(read.Content, fullPath);
                        break;
                    case ConfigFileRead.TooLarge tooLarge when tooLarge.Error.Message != lastRefusal:
                        (lastText, lastRefusal) = (null, tooLarge.Error.Message);
                        Reject([tooLarge.Error], fullPath);
                        break;
                }
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
            Reject(result.Errors, fullPath);
        }
    }

    private void Reject(IReadOnlyList<ConfigError> errors, string fullPath)
    {
        Log.ConfigReloadRejected(logger, fullPath, errors.Count, ConfigErrorSummary.Format(errors));
        active.Reject(errors);
    }
}
