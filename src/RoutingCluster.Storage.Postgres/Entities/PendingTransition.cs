using RoutingCluster.Entities;

namespace RoutingCluster.Storage.Postgres.Entities;

/// <summary>
/// A transition waiting for its batch. The batch decodes each entity's row once, runs the
/// transitions of that entity in arrival order, writes the last state, and only after the commit
/// hands every caller its result: nobody sees an outcome that was not stored.
/// </summary>
internal abstract class PendingTransition : ICoalescedItem
{
    protected PendingTransition(EntityKey key) => Key = key;

    public EntityKey Key { get; }

    /// <summary>The JSON of the entity's initial state (for a row that does not exist yet).</summary>
    public abstract string InitialJson { get; }

    public abstract object Decode(string json, long version);

    /// <summary>Runs the transition and stamps the next state with the next version; keeps the
    /// result (or exception) until <see cref="Complete"/>. A transition that throws leaves the
    /// state as it was.</summary>
    public abstract object Apply(object state, DateTimeOffset now);

    public abstract long VersionOf(object state);

    public abstract string Encode(object state);

    /// <summary>Hands over the kept result: called once the batch is committed.</summary>
    public abstract void Complete();

    public abstract void Fail(Exception exception);
}

internal sealed class PendingTransition<TState, TResult>(EntityKey key, TransitionFunc<TState, TResult> transition)
    : PendingTransition(key)
    where TState : class, IEntityState<TState>
{
    private readonly TaskCompletionSource<TResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TResult? _result;
    private Exception? _error;

    public Task<TResult> Task => _completion.Task;

    public override string InitialJson => PostgresEntityStore.InitialJson<TState>.Value;

    public override object Decode(string json, long version) => EntityJson.Deserialize<TState>(json).WithVersion(version);

    public override object Apply(object state, DateTimeOffset now)
    {
        try
        {
            var current = (TState)state;
            var (next, result) = transition(current, now);
            (_result, _error) = (result, null);
            return next.WithVersion(current.Version + 1);
        }
        catch (Exception ex)
        {
            (_result, _error) = (default, ex);
            return state;
        }
    }

    public override long VersionOf(object state) => ((TState)state).Version;

    public override string Encode(object state) => EntityJson.Serialize((TState)state);

    public override void Complete()
    {
        if (_error is not null)
        {
            _completion.TrySetException(_error);
        }
        else
        {
            _completion.TrySetResult(_result!);
        }
    }

    public override void Fail(Exception exception) => _completion.TrySetException(exception);
}
