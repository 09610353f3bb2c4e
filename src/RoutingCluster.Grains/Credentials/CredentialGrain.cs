using Microsoft.Extensions.Logging;
using RoutingCluster.Entities;
using RoutingCluster.Grains.Fleet;
using RoutingCluster.Grains.Hosting;
using RoutingCluster.Grains.Plans;

namespace RoutingCluster.Grains.Credentials;

/// <summary>
/// The shell around one credential's pure transitions. It keeps the state in memory and writes no
/// row per request: before admitting past its allowance it persists the state with the next
/// allowance block, so a crash loses at most one block, which the next activation counts as spent
/// (<see cref="CredentialTransitions.Recover"/>). A write refused for a stale ETag means another
/// activation took over (Orleans may briefly run two during membership changes): this one refuses
/// everything from then on and deactivates, so only the activation holding the latest write decides.
/// While the database is unreachable it keeps deciding from memory and retries the write each tick.
/// </summary>
public sealed partial class CredentialGrain(
    [PersistentState("credential", GrainStorage.Name)] IPersistentState<CredentialRecord> record,
    TimeProvider time,
    IClusterMembershipService membership,
    StateDurability durability,
    IPlanProbes probes,
    ILogger<CredentialGrain> logger) : Grain, ICredentialGrain
{
    /// <summary>How often the grain looks for leases of dead nodes and for a due checkpoint.</summary>
    public static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    /// <summary>Ticks between checkpoints of a changed state (the periodic write, besides the allowance writes).</summary>
    public const int TicksPerCheckpoint = 5;

    /// <summary>How long a change that does not alter the credential's verdict waits to be pushed, coalescing a burst into one push.</summary>
    public static readonly TimeSpan PushDelay = TimeSpan.FromMilliseconds(20);

    /// <summary>How long an admit waits for an allowance write (its own, or one already on its way) before deciding from memory.</summary>
    public static readonly TimeSpan PendingWriteWait = GrainStorage.WriteTimeout;

    /// <summary>The longest a heartbeat probe may take.</summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(30);

    private static readonly Refusal WritePending = new(RefusalKind.Unavailable, null, "the credential's state is still being written; try another");

    private static readonly Refusal Superseded = new(RefusalKind.Unavailable, null, "the credential moved to another activation; try again");

    private readonly FleetSubscribers _subscribers = new();
    private CredentialState _state = CredentialState.Initial;
    private CredentialLimits _limits = CredentialLimits.Unlimited;
    private Allowance _allowance = Allowance.None;
    private Allowance _used = Allowance.None;
    private int? _concurrency;
    private int? _persistedConcurrency;
    private TimeSpan _leaseTtl = TimeSpan.FromMinutes(5);
    private readonly CheckpointWriter _checkpoints = new();
    private bool _claimed;
    private bool _dirty;
    private int _ticks;
    private long _membershipSeen = -1;
    private Task<WriteResult>? _writing;
    private HashSet<string>? _unreported;
    private IGrainTimer? _pushTimer;
    private bool _pushPending;
    private bool _probing;

    private string Id => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (record.State.Checkpoint is { } checkpoint)
        {
            var recovered = CredentialTransitions.Recover(checkpoint, time.GetUtcNow());
            _state = recovered.WithVersion(recovered.Version + GrainStorage.ActivationEpoch);
            _concurrency = checkpoint.Concurrency;
            _persistedConcurrency = checkpoint.Concurrency;
            _leaseTtl = checkpoint.LeaseTtl;
            if (!checkpoint.Clean)
            {
                Log.Recovered(logger, Id, checkpoint.Allowance.Requests, checkpoint.Allowance.Tokens, _state.Leases.Length);
                _unreported = LiveNodes();
            }
        }

        this.RegisterGrainTimer(OnTickAsync, new GrainTimerCreationOptions(Tick, Tick) { KeepAlive = false });
        return ClaimAsync();
    }

    /// <summary>
    /// Writes the state back once at activation (waiting at most <see cref="PendingWriteWait"/>): the
    /// write claims it (its ETag), so of two activations that loaded the same state only one goes on
    /// deciding, and it is done while the database is known to answer (it just served the read), not
    /// on a first admit that may come during an outage.
    /// </summary>
    private async Task ClaimAsync()
    {
        try
        {
            await StartWrite(clean: false, 0).WaitAsync(PendingWriteWait);
        }
        catch (TimeoutException)
        {
            // Still on its way: an admit that needs the claim waits for it (see MustWriteBeforeAdmitting).
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

            await StartWrite(clean: true, 0);
        }
    }

    public async ValueTask<CredentialReply<AcquireResult>> Acquire(AcquireCommand command)
    {
        if (_checkpoints.Superseded)
        {
            return new(AcquireResult.Refuse(Superseded), _state);
        }

        Remember(command.Policy.Limits, command.LeaseTtl);
        if (!_checkpoints.StorageDown && MustWriteBeforeAdmitting(command.ReservedTokens))
        {
            switch (await EnsureAllowanceAsync(command.ReservedTokens))
            {
                case WriteResult.Superseded:
                    return new(AcquireResult.Refuse(Superseded), _state);
                case WriteResult.Pending:
                    return new(AcquireResult.Refuse(WritePending), _state);
            }
        }

        var before = _state;
        var (next, result) = CredentialTransitions.Acquire(before, command, time.GetUtcNow());
        if (result.Granted)
        {
            _used = _used.Plus(1, command.ReservedTokens);
            PrefetchAllowance();
        }

        Commit(before, next);
        return new(result, _state);
    }

    public ValueTask<CredentialReply<bool>> Settle(SettleCommand command)
    {
        var before = _state;
        var lease = before.Leases.FirstOrDefault(l => l.Id == command.LeaseId);
        var (next, known) = CredentialTransitions.Settle(before, command, time.GetUtcNow());
        if (lease is not null && command.Outcome.Tokens is { } actual && actual > lease.ReservedTokens)
        {
            // More tokens than reserved were spent: that is admitted usage too, and the allowance must cover it.
            _used = _used.Plus(0, actual - lease.ReservedTokens);
        }

        Commit(before, next);
        if (!_checkpoints.Superseded && !_checkpoints.StorageDown && Allowance.Needed(_limits) && !_allowance.Covers(_limits, _used, 0, 0))
        {
            // In the background: a settle turn must not hold the grain while the database is slow.
            _ = StartWrite(clean: false, 0);
        }

        return ValueTask.FromResult(new CredentialReply<bool>(known, _state));
    }

    public ValueTask<CredentialReply<CredentialReset>> Reset(CredentialPolicy policy)
    {
        var before = _state;
        var (next, cleared) = CredentialTransitions.Reset(before, policy, time.GetUtcNow());
        Commit(before, next);
        return ValueTask.FromResult(new CredentialReply<CredentialReset>(cleared, _state));
    }

    public ValueTask<CredentialState> Watch(IFleetObserver observer, string node, IReadOnlyCollection<string> heldLeases, CredentialLimits limits)
    {
        var now = time.GetUtcNow();
        Remember(limits);
        if (!_checkpoints.Superseded && !_checkpoints.StorageDown && ConcurrencyUnrecorded())
        {
            // Learnt before any admit (every node watches its credentials from its start): recorded in
            // the background now, so a first admit, even during a database outage, rarely waits for it.
            _ = StartWrite(clean: false, 0);
        }

        _subscribers.Renew(observer);
        if (_unreported is not null)
        {
            Reconcile(node, heldLeases, now);
        }

        return ValueTask.FromResult(_state);
    }

    /// <summary>
    /// After a recovery: adopts the leases a live node says it holds, and once every node that was
    /// live at the recovery (and still is) has reported, gives back the slots held for leases none
    /// of them holds.
    /// </summary>
    private void Reconcile(string node, IReadOnlyCollection<string> heldLeases, DateTimeOffset now)
    {
        var before = _state;
        var (adopted, count) = CredentialTransitions.Adopt(before, node, heldLeases, _leaseTtl, now);
        Commit(before, adopted);
        _unreported!.Remove(node);
        _unreported.IntersectWith(LiveNodes());
        if (_unreported.Count == 0)
        {
            _unreported = null;
            var (dropped, freed) = CredentialTransitions.DropRecovered(_state);
            Commit(_state, dropped);
            Log.Reconciled(logger, Id, count, freed);
        }
    }

    private HashSet<string> LiveNodes() =>
        [.. membership.CurrentSnapshot.Members.Values.Where(m => m.Status == SiloStatus.Active).Select(m => SiloNames.Of(m.SiloAddress))];

    /// <summary>
    /// A write must come first when the admit would pass the allowance, and, on a key with a
    /// concurrency limit, while this activation has not yet claimed the state (its claim at activation
    /// did not land): of two activations started from the same state only one ever admits.
    /// </summary>
    private bool MustWriteBeforeAdmitting(long tokens) =>
        (_concurrency is not null && (!_claimed || ConcurrencyUnrecorded()))
        || (Allowance.Needed(_limits) && !_allowance.Covers(_limits, _used, 1, tokens));

    /// <summary>
    /// Whether the persisted state does not yet hold the concurrency limit (a new key, or a limit
    /// changed by a reload): a recovery from it would not know how many slots to hold, so no admit
    /// may come before a write that records it has landed.
    /// </summary>
    private bool ConcurrencyUnrecorded() => _concurrency is not null && _persistedConcurrency != _concurrency;

    /// <summary>The limits (and lease TTL) an acquire carries: the node's config is the source of both.</summary>
    private void Remember(CredentialLimits limits, TimeSpan leaseTtl)
    {
        Remember(limits);
        _leaseTtl = leaseTtl;
    }

    private void Remember(CredentialLimits limits)
    {
        _limits = limits;
        _concurrency = limits.Concurrency;
    }

    private void Commit(CredentialState before, CredentialState next)
    {
        if (ReferenceEquals(before, next))
        {
            return;
        }

        _state = next.WithVersion(before.Version + 1);
        _dirty = true;
        if (_subscribers.Count == 0)
        {
            return;
        }

        if (VerdictChanged(before, next))
        {
            Push();
        }
        else
        {
            SchedulePush();
        }
    }

    /// <summary>Changes every node must see on its next pick: a cooldown, a disabled key, a breaker move.</summary>
    private static bool VerdictChanged(CredentialState before, CredentialState next) =>
        before.CooldownUntil != next.CooldownUntil
        || before.DisabledFingerprint != next.DisabledFingerprint
        || before.Breaker.Phase != next.Breaker.Phase
        || before.Breaker.OpenUntil != next.Breaker.OpenUntil;

    private void Push()
    {
        var state = _state;
        var id = Id;
        _subscribers.Notify(observer => _ = observer.CredentialChanged(id, state));
    }

    private void SchedulePush()
    {
        if (_pushPending)
        {
            return;
        }

        _pushPending = true;
        if (_pushTimer is null)
        {
            _pushTimer = this.RegisterGrainTimer(OnPushDueAsync, new GrainTimerCreationOptions(PushDelay, Timeout.InfiniteTimeSpan) { KeepAlive = false });
        }
        else
        {
            _pushTimer.Change(PushDelay, Timeout.InfiniteTimeSpan);
        }
    }

    private Task OnPushDueAsync()
    {
        _pushPending = false;
        Push();
        return Task.CompletedTask;
    }

    private Task OnTickAsync()
    {
        ReleaseDeadNodes();
        if (_checkpoints.Superseded)
        {
            return Task.CompletedTask;
        }

        ProbeIfDue();

        _ticks++;
        if (_checkpoints.StorageDown || (_dirty && _ticks % TicksPerCheckpoint == 0))
        {
            // In the background, like every write off the request path: the timer's turn must not hold the grain.
            _ = StartWrite(clean: false, 0);
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// A subscription profile's heartbeat: when neither a response nor a probe has told its figures
    /// within the interval (it is idle here, or used only elsewhere), one probe goes out, in the
    /// background. Its start is recorded first, so one activation sends at most one per interval.
    /// </summary>
    private void ProbeIfDue()
    {
        if (_probing || probes.IntervalFor(Id) is not { } every)
        {
            return;
        }

        var now = time.GetUtcNow();
        var plan = _state.Plan;
        if (plan?.LastProbeAt is { } probed && now - probed < every || plan?.LastFigureAt is { } heard && now - heard < every)
        {
            return;
        }

        _probing = true;
        var before = _state;
        Commit(before, CredentialTransitions.ProbeStarted(before, now));
        _ = ProbeAsync(every);
    }

    private async Task ProbeAsync(TimeSpan every)
    {
        try
        {
            // A probe that hangs is given up before the next one is due.
            using var timeout = new CancellationTokenSource(every < ProbeTimeout ? every : ProbeTimeout);
            if (await probes.ProbeAsync(Id, timeout.Token) is { } observed)
            {
                var before = _state;
                Commit(before, CredentialTransitions.Probed(before, observed, time.GetUtcNow()));
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Log.ProbeFailed(logger, Id, e.GetType().Name);
        }
        finally
        {
            _probing = false;
        }
    }

    /// <summary>Leases held by a node the cluster declared dead come back now, not at their TTL.</summary>
    private void ReleaseDeadNodes()
    {
        var snapshot = membership.CurrentSnapshot;
        if (snapshot.Version.Value == _membershipSeen || _state.Leases.IsEmpty)
        {
            return;
        }

        _membershipSeen = snapshot.Version.Value;
        var now = time.GetUtcNow();
        foreach (var node in _state.Leases.Select(l => l.Node).Distinct(StringComparer.Ordinal).ToArray())
        {
            if (node is not null && SiloNames.IsDead(snapshot, node))
            {
                var before = _state;
                var (next, released) = CredentialTransitions.ReleaseNode(before, node, now);
                Commit(before, next);
                Log.ReleasedDeadNode(logger, Id, released, node);
            }
        }
    }

    /// <summary>
    /// Makes sure the allowance covers the admit at hand, waiting at most <see cref="PendingWriteWait"/>
    /// for its write. A write still on its way after that is <see cref="WriteResult.Pending"/>: this
    /// admit is refused (the walk moves on) but nothing is admitted past what is persisted. Only a
    /// write that fails, or takes longer than <see cref="GrainStorage.WriteTimeout"/>, marks the
    /// database down, after which the grain decides from memory.
    /// </summary>
    private async Task<WriteResult> EnsureAllowanceAsync(long tokens)
    {
        for (var round = 0; round < 2; round++)
        {
            WriteResult result;
            try
            {
                result = await StartWrite(clean: false, tokens).WaitAsync(PendingWriteWait);
            }
            catch (TimeoutException)
            {
                return WriteResult.Pending;
            }

            // A write already on its way may have taken a block too small for this admit: one more round.
            if (result != WriteResult.Written || !MustWriteBeforeAdmitting(tokens))
            {
                return result;
            }
        }

        return WriteResult.Pending;
    }

    /// <summary>The write on its way, or a new one: never two at once.</summary>
    private Task<WriteResult> StartWrite(bool clean, long tokensWanted)
    {
        if (_writing is { IsCompleted: false } pending)
        {
            return pending;
        }

        _writing = WriteAsync(clean, tokensWanted);
        return _writing;
    }

    /// <summary>Takes the next allowance block in the background once half of this one is used, so admits rarely wait for a write.</summary>
    private void PrefetchAllowance()
    {
        if (_checkpoints.StorageDown || _checkpoints.Superseded || _writing is { IsCompleted: false } || !Allowance.Needed(_limits)
            || (_used.Requests * 2 < _allowance.Requests && _used.Tokens * 2 < _allowance.Tokens))
        {
            return;
        }

        _ = StartWrite(clean: false, 0);
    }

    /// <summary>Persists the state with the next allowance block (none for a clean, final write). Call through <see cref="StartWrite"/>.</summary>
    private async Task<WriteResult> WriteAsync(bool clean, long tokensWanted)
    {
        if (_checkpoints.Hanging)
        {
            // A write given up on is still hanging on the database: do not send another behind it.
            return WriteResult.Failed;
        }

        var block = clean ? Allowance.None : Allowance.Block(_limits, tokensWanted);
        var state = _state;
        var covered = _used;
        var concurrency = _concurrency;
        record.State.Checkpoint = new CredentialCheckpoint(state, block, concurrency, _leaseTtl, clean);
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
        _allowance = block;
        _used = new Allowance(_used.Requests - covered.Requests, _used.Tokens - covered.Tokens);

        // A change made while the write was on its way is not in it: the next checkpoint takes it.
        _dirty = !ReferenceEquals(state, _state);
        _claimed = true;
        _persistedConcurrency = concurrency;
        return WriteResult.Written;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4001, Level = LogLevel.Information,
            Message = "Credential {Credential} recovered after an unclean end: {Requests} requests and {Tokens} tokens counted as spent, {Leases} slots held until settled or expired")]
        public static partial void Recovered(ILogger logger, string credential, long requests, long tokens, int leases);

        [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Credential {Credential}: another activation wrote its state; this one stops deciding")]
        public static partial void Superseded(ILogger logger, string credential);

        [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "Credential {Credential}: checkpoint not written ({Error}); serving from memory and retrying")]
        public static partial void WriteFailed(ILogger logger, string credential, string error);

        [LoggerMessage(EventId = 4005, Level = LogLevel.Information, Message = "Credential {Credential}: every live node reported its leases after the recovery; {Adopted} adopted, {Freed} held slots given back")]
        public static partial void Reconciled(ILogger logger, string credential, int adopted, int freed);

        [LoggerMessage(EventId = 4004, Level = LogLevel.Information, Message = "Credential {Credential}: released {Leases} leases of dead node {Node}")]
        public static partial void ReleasedDeadNode(ILogger logger, string credential, int leases, string node);

        [LoggerMessage(EventId = 4006, Level = LogLevel.Warning, Message = "Profile {Credential}: heartbeat probe failed ({Error}); the next one goes after the interval")]
        public static partial void ProbeFailed(ILogger logger, string credential, string error);
    }
}
