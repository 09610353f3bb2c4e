using System.Collections.Concurrent;

namespace RoutingCluster.Gateway.Tests.Support;

/// <summary>The lines a child process wrote, and a way to await one without polling.</summary>
public sealed class ProcessOutput
{
    private readonly ConcurrentQueue<string> _lines = new();
    private TaskCompletionSource _written = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<string> Lines => [.. _lines];

    public void Add(string line)
    {
        _lines.Enqueue(line);
        Interlocked.Exchange(ref _written, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    /// <summary>Completes once a line containing <paramref name="text"/> is written; throws after <paramref name="timeout"/>.</summary>
    public async Task WaitForAsync(string text, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            // Take the signal before looking, so a line written in between is not missed.
            var written = Volatile.Read(ref _written).Task;
            if (_lines.Any(line => line.Contains(text, StringComparison.Ordinal)))
            {
                return;
            }

            await written.WaitAsync(deadline.Token);
        }
    }
}
