namespace RoutingCluster.Testing;

/// <summary>
/// A one-way gate a <see cref="MockReply"/> waits on. <see cref="Reached"/> completes when the mock first
/// arrives at the gate (the first chunk, if any, already flushed), so a test can assert what the client
/// sees while the upstream is held; <see cref="Release"/> lets every waiting and future reply through.
/// </summary>
public sealed class MockGate
{
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Reached => _reached.Task;

    public bool IsReleased => _released.Task.IsCompleted;

    public void Release() => _released.TrySetResult();

    internal Task PassAsync(CancellationToken cancellationToken)
    {
        _reached.TrySetResult();
        return _released.Task.WaitAsync(cancellationToken);
    }
}
