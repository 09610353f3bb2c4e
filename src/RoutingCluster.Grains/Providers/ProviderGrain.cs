using Microsoft.Extensions.Logging;
using Orleans.Storage;
using RoutingCluster.Entities;
using RoutingCluster.Grains.Fleet;
using RoutingCluster.Grains.Hosting;

namespace RoutingCluster.Grains.Providers;

/// <summary>
/// The shell around one provider's breaker transitions. Its state is written when the breaker
/// changes phase and on deactivation; losing it in a crash only closes the breaker early, which the
/// next failures trip again (no limit depends on it). Every change is pushed to the fleet views at
/// once: a trip or a recovery is what every node must see on its next pick.
/// </summary>
public sealed partial class ProviderGrain(
    [PersistentState("provider", GrainStorage.Name)] IPersistentState<ProviderRecord> record,
    TimeProvider time,
    StateDurability durability,
    ILogger<ProviderGrain> logger) : Grain, IProviderGrain
{
    private readonly FleetSubscribers _subscribers = new();
    private ProviderState _state = ProviderState.Initial;
    private bool _superseded;

    private string Id => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (record.State.State is { } stored)
        {
            _state = stored.WithVersion(stored.Version + GrainStorage.ActivationEpoch);
        }

        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        _superseded || !durability.KeepsFinalWrite(reason) ? Task.CompletedTask : WriteAsync();

    public ValueTask<ProviderReply<Refusal?>> Admit(string leaseId, DateTimeOffset leaseExpiry, BreakerOptions options)
    {
        var (next, refusal) = ProviderTransitions.Admit(_state, leaseId, leaseExpiry, options, time.GetUtcNow());
        Commit(next, phaseMoved: false);
        return ValueTask.FromResult(new ProviderReply<Refusal?>(refusal, _state));
    }

    public ValueTask<ProviderReply<bool>> Cancel(string leaseId)
    {
        var (next, cancelled) = ProviderTransitions.Cancel(_state, leaseId);
        Commit(next, phaseMoved: false);
        return ValueTask.FromResult(new ProviderReply<bool>(cancelled, _state));
    }

    public async ValueTask<ProviderReply<bool>> Settle(string leaseId, AttemptOutcome outcome, BreakerOptions options)
    {
        var before = _state;
        var (next, known) = ProviderTransitions.Settle(before, leaseId, outcome, options, time.GetUtcNow());
        var moved = before.Breaker.Phase != next.Breaker.Phase;
        Commit(next, moved);
        if (moved)
        {
            await WriteAsync();
        }

        return new(known, _state);
    }

    public ValueTask<ProviderState> Watch(IFleetObserver observer)
    {
        _subscribers.Renew(observer);
        return ValueTask.FromResult(_state);
    }

    private void Commit(ProviderState next, bool phaseMoved)
    {
        if (ReferenceEquals(next, _state))
        {
            return;
        }

        _state = next.WithVersion(_state.Version + 1);
        var state = _state;
        var id = Id;
        _subscribers.Notify(observer => _ = observer.ProviderChanged(id, state));
        if (phaseMoved)
        {
            Log.PhaseMoved(logger, id, state.Breaker.Phase);
        }
    }

    private async Task WriteAsync()
    {
        record.State.State = _state;
        try
        {
            await record.WriteStateAsync().WaitAsync(GrainStorage.WriteTimeout);
        }
        catch (InconsistentStateException)
        {
            _superseded = true;
            DeactivateOnIdle();
        }
        catch (Exception e) when (e is TimeoutException or OrleansException or System.Data.Common.DbException or InvalidOperationException)
        {
            Log.WriteFailed(logger, Id, e.GetType().Name);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Provider {Provider}: breaker {Phase}")]
        public static partial void PhaseMoved(ILogger logger, string provider, BreakerPhase phase);

        [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "Provider {Provider}: breaker state not written ({Error}); it lives in memory until the next write")]
        public static partial void WriteFailed(ILogger logger, string provider, string error);
    }
}
