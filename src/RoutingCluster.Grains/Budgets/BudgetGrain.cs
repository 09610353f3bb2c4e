using Microsoft.Extensions.Logging;
using RoutingCluster.Grains.Credentials;
using RoutingCluster.Grains.Hosting;
using RoutingCluster.Tenants;

namespace RoutingCluster.Grains.Budgets;

/// <summary>
/// The shell around one budget's pure transitions, durable the way a credential grain is: no write
/// per request, but before committed spend (spent + reserved) may grow past what the last write
/// allows, the grain persists its state with the next block (<see cref="BudgetBlock"/>); a crash
/// loses at most that block, which the next activation counts as spent, as it does every
/// reservation in flight (<see cref="BudgetTransitions.Recover"/>). A new calendar period needs a
/// write of its own before its first admit, so a recovery never applies a block to the wrong period.
/// A write refused for a stale ETag means another activation took over: this one refuses from then
/// on and deactivates. While the database is unreachable it decides from memory and retries.
/// </summary>
public sealed partial class BudgetGrain(
    [PersistentState("budget", GrainStorage.Name)] IPersistentState<BudgetRecord> record,
    TimeProvider time,
    StateDurability durability,
    ILogger<BudgetGrain> logger) : Grain, IBudgetGrain
{
    /// <summary>How often the grain charges expired reservations and writes a changed state.</summary>
    public static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    public const int TicksPerCheckpoint = 5;

    private BudgetState _state = BudgetState.Initial;
    private BudgetLimits? _limits;
    private TimeZoneInfo _zone = TimeZoneInfo.Utc;
    private BudgetAmount _block;
    private BudgetAmount _used;
    private BudgetWindow _persistedPeriod;
    private readonly CheckpointWriter _checkpoints = new();
    private bool _claimed;
    private bool _dirty;
    private int _ticks;
    private Task<WriteResult>? _writing;

    private string Id => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (record.State.Checkpoint is { } checkpoint)
        {
            _state = BudgetTransitions.Recover(checkpoint);
            _state = _state.WithVersion(_state.Version + GrainStorage.ActivationEpoch);
            _persistedPeriod = checkpoint.State.Period;
            if (!checkpoint.Clean)
            {
                Log.Recovered(logger, Id, checkpoint.Block.Usd, checkpoint.Block.Tokens, checkpoint.State.Reservations.Length);
            }
        }

        this.RegisterGrainTimer(OnTickAsync, new GrainTimerCreationOptions(Tick, Tick) { KeepAlive = false });
        return ClaimAsync();
    }

    /// <summary>Writes back once at activation, so of two activations that loaded the same state only one goes on deciding.</summary>
    private async Task ClaimAsync()
    {
        try
        {
            await StartWrite(clean: false, BudgetAmount.Zero).WaitAsync(GrainStorage.WriteTimeout);
        }
        catch (TimeoutException)
        {
            // Still on its way: the first admit waits for it (MustWriteBeforeAdmitting).
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (!_checkpoints.Superseded && reason.ReasonCode != DeactivationReasonCode.ApplicationError && durability.KeepsFinalWrite(reason))
        {
            if (_writing is { IsCompleted: false } pending)
            {
                await pending;
            }

            await StartWrite(clean: true, BudgetAmount.Zero);
        }
    }

    public async ValueTask<BudgetDecision> Reserve(BudgetReserveCommand command)
    {
        Remember(command.Limits);
        if (_checkpoints.Superseded)
        {
            return new(BudgetVerdict.Unavailable, BudgetStanding.Of(_state, command.Limits));
        }

        Apply(BudgetTransitions.Tidy(_state, command.Limits, _zone, time.GetUtcNow()));
        if (!_checkpoints.StorageDown && MustWriteBeforeAdmitting(command.Estimate))
        {
            var written = await EnsureBlockAsync(command.Estimate);
            if (written is WriteResult.Superseded or WriteResult.Pending)
            {
                return new(BudgetVerdict.Unavailable, BudgetStanding.Of(_state, command.Limits));
            }
        }

        var (next, decision) = BudgetTransitions.Reserve(_state, command, _zone, time.GetUtcNow());
        if (decision.Granted && !ReferenceEquals(next, _state))
        {
            _used = _used.Plus(command.Estimate);
        }

        Apply(next);
        Prefetch();
        return decision;
    }

    public ValueTask<BudgetStanding> Settle(BudgetSettleCommand command)
    {
        Remember(command.Limits);
        var (next, missed) = BudgetTransitions.Settle(_state, command, _zone, time.GetUtcNow());

        // Spend beyond the estimate is admitted spend too: the block must cover it.
        _used = _used.Plus(missed);
        Apply(next);
        if (!_checkpoints.Superseded && !_checkpoints.StorageDown && !BudgetBlock.Covers(command.Limits, _block, _used, BudgetAmount.Zero))
        {
            _ = StartWrite(clean: false, BudgetAmount.Zero);
        }

        return ValueTask.FromResult(BudgetStanding.Of(_state, command.Limits));
    }

    public ValueTask<BudgetStanding> Standing(BudgetLimits limits)
    {
        Remember(limits);
        Apply(BudgetTransitions.Tidy(_state, limits, _zone, time.GetUtcNow()));
        return ValueTask.FromResult(BudgetStanding.Of(_state, limits));
    }

    private void Remember(BudgetLimits limits)
    {
        if (_limits?.TimeZone != limits.TimeZone)
        {
            _zone = TimeZoneInfo.FindSystemTimeZoneById(limits.TimeZone);
        }

        _limits = limits;
    }

    /// <summary>
    /// A write must come first while this activation has not claimed the state, when the state's
    /// period is not the persisted one (the block belongs to a period), and when the admit would
    /// pass the block.
    /// </summary>
    private bool MustWriteBeforeAdmitting(BudgetAmount estimate) =>
        !_claimed || _persistedPeriod != _state.Period || !BudgetBlock.Covers(_limits!, _block, _used, estimate);

    private void Apply(BudgetState next)
    {
        if (!ReferenceEquals(next, _state))
        {
            _state = next.WithVersion(_state.Version + 1);
            _dirty = true;
        }
    }

    private Task OnTickAsync()
    {
        if (_checkpoints.Superseded)
        {
            return Task.CompletedTask;
        }

        if (_limits is { } limits)
        {
            Apply(BudgetTransitions.Tidy(_state, limits, _zone, time.GetUtcNow()));
        }

        _ticks++;
        if (_checkpoints.StorageDown || (_dirty && _ticks % TicksPerCheckpoint == 0))
        {
            _ = StartWrite(clean: false, BudgetAmount.Zero);
        }

        return Task.CompletedTask;
    }

    private async Task<WriteResult> EnsureBlockAsync(BudgetAmount estimate)
    {
        for (var round = 0; round < 2; round++)
        {
            WriteResult result;
            try
            {
                result = await StartWrite(clean: false, estimate).WaitAsync(GrainStorage.WriteTimeout);
            }
            catch (TimeoutException)
            {
                return WriteResult.Pending;
            }

            // A write already on its way may have taken a block too small for this admit: one more round.
            if (result != WriteResult.Written || !MustWriteBeforeAdmitting(estimate))
            {
                return result;
            }
        }

        return WriteResult.Pending;
    }

    private void Prefetch()
    {
        if (_checkpoints.StorageDown || _checkpoints.Superseded || _writing is { IsCompleted: false } || _limits is null)
        {
            return;
        }

        var half = new BudgetAmount(_block.Usd / 2, _block.Tokens / 2);
        if (!BudgetBlock.Covers(_limits, half, _used, BudgetAmount.Zero))
        {
            _ = StartWrite(clean: false, BudgetAmount.Zero);
        }
    }

    private Task<WriteResult> StartWrite(bool clean, BudgetAmount needed)
    {
        if (_writing is { IsCompleted: false } pending)
        {
            return pending;
        }

        _writing = WriteAsync(clean, needed);
        return _writing;
    }

    /// <summary>Persists the state with the next block (none for a clean, final write, nor before any limits are known).</summary>
    private async Task<WriteResult> WriteAsync(bool clean, BudgetAmount needed)
    {
        if (_checkpoints.Hanging)
        {
            return WriteResult.Failed;
        }

        var state = _state;
        var block = clean || _limits is null ? BudgetAmount.Zero : BudgetBlock.Next(_limits, state.Committed, needed);
        var covered = _used;
        record.State.Checkpoint = new BudgetCheckpoint(state, block, clean);
        switch (await _checkpoints.AwaitAsync(record.WriteStateAsync(), e => Log.WriteFailed(logger, Id, e.GetType().Name)))
        {
            case WriteResult.Superseded:
                Log.Superseded(logger, Id);
                DeactivateOnIdle();
                return WriteResult.Superseded;
            case WriteResult.Failed:
                return WriteResult.Failed;
        }

        // What was admitted while the write was on its way counts against the new block.
        _block = block;
        _used = _used.Above(covered);
        _persistedPeriod = state.Period;
        _dirty = !ReferenceEquals(state, _state);
        _claimed = true;
        return WriteResult.Written;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4201, Level = LogLevel.Information,
            Message = "Budget {Budget} recovered after an unclean end: a block of {Usd} USD and {Tokens} tokens and {Reservations} reservations in flight counted as spent")]
        public static partial void Recovered(ILogger logger, string budget, decimal usd, long tokens, int reservations);

        [LoggerMessage(EventId = 4202, Level = LogLevel.Warning, Message = "Budget {Budget}: another activation wrote its state; this one stops deciding")]
        public static partial void Superseded(ILogger logger, string budget);

        [LoggerMessage(EventId = 4203, Level = LogLevel.Warning, Message = "Budget {Budget}: checkpoint not written ({Error}); serving from memory and retrying")]
        public static partial void WriteFailed(ILogger logger, string budget, string error);
    }
}
