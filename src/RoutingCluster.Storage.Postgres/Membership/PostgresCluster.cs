using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using RoutingCluster.Cluster;
using RoutingCluster.Storage.Postgres.Entities;

namespace RoutingCluster.Storage.Postgres.Membership;

/// <summary>
/// This node's membership in a cluster sharing one PostgreSQL database. On start the node registers
/// in <c>rc_nodes</c>; then every heartbeat interval it beats, refreshes the live-node count and
/// takes part in leader election, and the leader declares silent nodes dead and releases the
/// leases they held (<see cref="DeadNodeReaper"/>). A tick that cannot reach the database is
/// logged and skipped: the node keeps its last known live-node count and is not leader.
/// <para>
/// Every timestamp written (<c>heartbeat_at</c>, <c>dead_at</c>, the dead cutoff) comes from this
/// node's <see cref="TimeProvider"/>: the cluster assumes node clocks are synchronized (NTP). A
/// leader whose clock runs ahead by more than the dead-after span would declare healthy nodes
/// dead (they rejoin at their next beat, but lose their leases).
/// </para>
/// </summary>
public sealed class PostgresCluster : BackgroundService, IClusterView, IAsyncDisposable
{
    private readonly ClusterOptions _options;
    private readonly string _address;
    private readonly TimeProvider _time;
    private readonly ILogger<PostgresCluster> _logger;
    private readonly NodeRegistry _registry;
    private readonly DeadNodeReaper _reaper;
    private readonly LeaderElection _election;
    private TaskCompletionSource _nextTick = NewTick();
    private int _liveNodes = 1;
    private long _ticks;
    private bool _wasLeader;

    public PostgresCluster(NpgsqlDataSource dataSource, PostgresEntityStore store, ClusterOptions options, string address, TimeProvider time, ILogger<PostgresCluster> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _address = address;
        _time = time;
        _logger = logger;
        _registry = new NodeRegistry(dataSource);
        _reaper = new DeadNodeReaper(_registry, store, options.NodeId, logger);
        // Slack of one beat over dead-after: a healthy session is never idle longer than one beat.
        _election = new LeaderElection(dataSource, logger, sessionIdleTimeout: options.DeadAfter + options.HeartbeatInterval);
    }

    /// <summary>Raised on this node's loop when it gains (true) or loses (false) leadership.</summary>
    public event Action<bool>? LeadershipChanged;

    public string NodeId => _options.NodeId;

    public bool IsLeader => _election.IsLeader;

    public int LiveNodeCount => Volatile.Read(ref _liveNodes);

    /// <summary>Ticks finished since start (each one a heartbeat attempt, successful or not).</summary>
    public long Ticks => Interlocked.Read(ref _ticks);

    /// <summary>
    /// Completes when the next tick has finished (whatever it achieved); canceled when the loop stops
    /// first. Lets tests and probes await a state change instead of sleeping.
    /// </summary>
    public Task WaitForTickAsync() => Volatile.Read(ref _nextTick).Task;

    public Task<IReadOnlyList<NodeInfo>> ListNodesAsync(CancellationToken cancellationToken = default) =>
        _registry.ListAsync(cancellationToken);

    /// <summary>Registers this node and loads the live-node count, then starts the heartbeat loop.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _registry.UpsertAsync(NodeId, _address, _time.GetUtcNow(), cancellationToken);
            Volatile.Write(ref _liveNodes, Math.Max(1, await _registry.CountLiveAsync(cancellationToken)));
            MembershipLog.Joined(_logger, NodeId, _address, LiveNodeCount);
        }
        catch (Exception exception) when (exception is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            // The database is unreachable at start: serve degraded; the first heartbeat that finds
            // no row for this node registers it once the database answers.
            MembershipLog.TickFailed(_logger, NodeId, "registration", LiveNodeCount, exception);
        }

        await base.StartAsync(cancellationToken);
    }

    /// <summary>Leaves gracefully: stops the loop, marks this node dead at once (the leader reaps its
    /// leases at its next tick) and releases the leader lock if held.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await StopLoopAsync(cancellationToken);
        try
        {
            await _registry.MarkLeftAsync(NodeId, _time.GetUtcNow(), cancellationToken);
            MembershipLog.Left(_logger, NodeId);
        }
        catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            MembershipLog.LeaveFailed(_logger, NodeId, exception);
        }

        await _election.ReleaseAsync();
        ReportLeadership(false);
    }

    /// <summary>Simulates a crash (tests): the loop stops and the leader session ends, but the node
    /// is not marked as left, so the others must notice its silence.</summary>
    internal async Task AbandonAsync()
    {
        await StopLoopAsync(CancellationToken.None);
        await _election.DropAsync();
        ReportLeadership(false);
    }

    /// <summary>Stops the loop without leaving (a host that stops calls <see cref="StopAsync"/> first).</summary>
    public async ValueTask DisposeAsync()
    {
        await StopLoopAsync(CancellationToken.None);
        await _election.DisposeAsync();
        Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_options.HeartbeatInterval, _time, stoppingToken);
                await TickAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
        }
    }

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Step("heartbeat", BeatAsync, cancellationToken);
            await Step("leader election", async ct => ReportLeadership(await _election.TryAcquireOrConfirmAsync(ct)), cancellationToken);
            if (IsLeader)
            {
                await Step("dead-node sweep", ct => _reaper.SweepAsync(_time.GetUtcNow(), _options.DeadAfter, ct), cancellationToken);
            }
        }
        finally
        {
            Interlocked.Increment(ref _ticks);
            Interlocked.Exchange(ref _nextTick, NewTick()).TrySetResult();
        }
    }

    private async Task BeatAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (!await _registry.HeartbeatAsync(NodeId, now, cancellationToken))
        {
            // Declared dead while alive (e.g. cut off from the database for longer than dead-after).
            MembershipLog.Rejoined(_logger, NodeId);
            await _registry.UpsertAsync(NodeId, _address, now, cancellationToken);
        }

        Volatile.Write(ref _liveNodes, Math.Max(1, await _registry.CountLiveAsync(cancellationToken)));
    }

    private async Task Step(string name, Func<CancellationToken, Task> step, CancellationToken cancellationToken)
    {
        try
        {
            await step(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            MembershipLog.TickFailed(_logger, NodeId, name, LiveNodeCount, exception);
        }
    }

    private void ReportLeadership(bool leader)
    {
        if (leader == _wasLeader)
        {
            return;
        }

        _wasLeader = leader;
        if (leader)
        {
            MembershipLog.LeadershipAcquired(_logger, NodeId);
        }
        else
        {
            MembershipLog.LeadershipLost(_logger, NodeId);
        }

        LeadershipChanged?.Invoke(leader);
    }

    private async Task StopLoopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        Volatile.Read(ref _nextTick).TrySetCanceled(CancellationToken.None);
    }

    private static TaskCompletionSource NewTick() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
