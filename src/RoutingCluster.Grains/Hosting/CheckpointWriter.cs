using Orleans.Storage;
using RoutingCluster.Grains.Credentials;

namespace RoutingCluster.Grains.Hosting;

/// <summary>
/// A grain's own state writes, awaited within <see cref="GrainStorage.WriteTimeout"/>. Knows whether
/// the database is down (the grain serves from memory and retries), whether a write given up on is
/// still hanging (no other is sent behind it), and whether another activation wrote since this one
/// read (superseded: it stops deciding).
/// </summary>
internal sealed class CheckpointWriter
{
    private Task? _raw;

    public bool StorageDown { get; private set; }

    public bool Superseded { get; private set; }

    /// <summary>A write given up on is still on its way to the database.</summary>
    public bool Hanging => _raw is { IsCompleted: false };

    /// <param name="writing">The storage write just started.</param>
    /// <param name="wentDown">Called with the failure when the database stops answering (once per outage, to log it).</param>
    public async Task<WriteResult> AwaitAsync(Task writing, Action<Exception> wentDown)
    {
        _raw = writing;
        try
        {
            await writing.WaitAsync(GrainStorage.WriteTimeout);
        }
        catch (InconsistentStateException)
        {
            Superseded = true;
            return WriteResult.Superseded;
        }
        catch (Exception e) when (e is TimeoutException or OrleansException or System.Data.Common.DbException or InvalidOperationException)
        {
            _ = writing.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            if (!StorageDown)
            {
                wentDown(e);
            }

            StorageDown = true;
            return WriteResult.Failed;
        }

        StorageDown = false;
        return WriteResult.Written;
    }
}
