using System.Collections.Concurrent;

namespace RoutingCluster.Gateway.Fleet;

/// <summary>
/// Settles that run after the client's answer is complete, so settling never holds a response.
/// On shutdown the node waits (bounded) for those still in flight, so an orderly stop loses none.
/// </summary>
public sealed class BackgroundSettles : IHostedService
{
    private static readonly TimeSpan DrainBound = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<Task, byte> _running = new();

    public int Pending => _running.Count;

    public void Track(Task settling)
    {
        if (settling.IsCompleted)
        {
            return;
        }

        _running.TryAdd(settling, 0);
        _ = settling.ContinueWith(static (done, state) => ((ConcurrentDictionary<Task, byte>)state!).TryRemove(done, out _), _running, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Completes when every settle tracked so far has finished.</summary>
    public Task WhenIdleAsync() => Task.WhenAll(_running.Keys);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await WhenIdleAsync().WaitAsync(DrainBound, cancellationToken);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            // Whatever is still unsettled comes back at its lease TTL.
        }
    }
}
