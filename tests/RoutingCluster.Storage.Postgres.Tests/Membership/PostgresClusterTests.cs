using RoutingCluster.Entities;
using RoutingCluster.Storage.Postgres.Membership;
using Xunit;

namespace RoutingCluster.Storage.Postgres.Tests.Membership;

public sealed class PostgresClusterTests : IAsyncLifetime
{
    private static readonly CredentialPolicy OneAtATime = new(new CredentialLimits(1, []), BreakerOptions.Default, "fp-1");
    private ClusterHarness _cluster = null!;

    public async Task InitializeAsync() => _cluster = await ClusterHarness.CreateAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task StartAsync_NewNode_ListedAsLiveWithItsAddress()
    {
        var node = await _cluster.StartNodeAsync("node-a");

        var listed = Assert.Single(await node.ListNodesAsync());
        Assert.Equal("node-a", listed.Id);
        Assert.Equal("http://node-a:8080", listed.Address);
        Assert.Equal("live", listed.Status);
        Assert.Equal(_cluster.Clock.GetUtcNow(), listed.StartedAt);
        Assert.Null(listed.DeadAt);
        Assert.Equal(1, node.LiveNodeCount);
    }

    [Fact]
    public async Task Tick_AfterInterval_HeartbeatWrittenWithClockTime()
    {
        var node = await _cluster.StartNodeAsync("node-a");

        await _cluster.TickAsync(node);
        await _cluster.TickAsync(node);

        var listed = Assert.Single(await node.ListNodesAsync());
        Assert.Equal(_cluster.Clock.Start + (ClusterHarness.Interval * 2), listed.HeartbeatAt);
        Assert.Equal(2, node.Ticks);
    }

    [Fact]
    public async Task LiveNodeCount_NodesJoinAndOneLeaves_ReflectsLiveNodes()
    {
        var a = await _cluster.StartNodeAsync("node-a");
        var b = await _cluster.StartNodeAsync("node-b");
        var c = await _cluster.StartNodeAsync("node-c");
        Assert.Equal(3, c.LiveNodeCount);

        await _cluster.TickAsync(a, b, c);
        Assert.All(new[] { a, b, c }, n => Assert.Equal(3, n.LiveNodeCount));

        await c.StopAsync(CancellationToken.None).WaitAsync(ClusterHarness.Bound);
        await _cluster.TickAsync(a, b);

        Assert.Equal(2, a.LiveNodeCount);
        Assert.Equal(2, b.LiveNodeCount);
    }

    [Fact]
    public async Task IsLeader_ThreeNodesOverManyTicks_NeverTwoLeaders()
    {
        var nodes = new[] { await _cluster.StartNodeAsync("node-a"), await _cluster.StartNodeAsync("node-b"), await _cluster.StartNodeAsync("node-c") };
        var leaders = 0;
        var mostAtOnce = 0;
        foreach (var node in nodes)
        {
            node.LeadershipChanged += leader =>
            {
                var now = leader ? Interlocked.Increment(ref leaders) : Interlocked.Decrement(ref leaders);
                InterlockedMax(ref mostAtOnce, now);
            };
        }

        for (var tick = 0; tick < 20; tick++)
        {
            await _cluster.TickAsync(nodes);
            Assert.Single(nodes, n => n.IsLeader);
        }

        Assert.Equal(1, Volatile.Read(ref mostAtOnce));
    }

    [Fact]
    public async Task AbandonAsync_Leader_AnotherNodeLeadsWithinFewBeats()
    {
        var nodes = new[] { await _cluster.StartNodeAsync("node-a"), await _cluster.StartNodeAsync("node-b"), await _cluster.StartNodeAsync("node-c") };
        await _cluster.TickAsync(nodes);
        var leader = Assert.Single(nodes, n => n.IsLeader);
        var survivors = nodes.Where(n => n != leader).ToArray();
        var taken = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        foreach (var node in survivors)
        {
            node.LeadershipChanged += isLeader =>
            {
                if (isLeader)
                {
                    taken.TrySetResult(node.NodeId);
                }
            };
        }

        await leader.AbandonAsync().WaitAsync(ClusterHarness.Bound);
        var beats = 0;
        while (!taken.Task.IsCompleted && beats < 3)
        {
            await _cluster.TickAsync(survivors);
            beats++;
        }

        // The dead leader's session ends with its connection: a survivor takes over at its next beats,
        // long before the leader would even be declared dead.
        var successor = await taken.Task.WaitAsync(ClusterHarness.Bound);
        Assert.False(leader.IsLeader);
        Assert.Equal(successor, Assert.Single(survivors, n => n.IsLeader).NodeId);
        for (var tick = 0; tick < 5; tick++)
        {
            await _cluster.TickAsync(survivors);
            Assert.Equal(successor, Assert.Single(survivors, n => n.IsLeader).NodeId);
        }
    }

    [Fact]
    public async Task AbandonAsync_NodeHoldingLease_DeclaredDeadAfterDeadAfterAndLeaseReleasedLongBeforeTtl()
    {
        var a = await _cluster.StartNodeAsync("node-a");
        var b = await _cluster.StartNodeAsync("node-b");
        var c = await _cluster.StartNodeAsync("node-c");
        await _cluster.TickAsync(a, b, c);
        var store = _cluster.NewStore();
        var held = await store.AcquireCredentialAsync("cred-1", new AcquireCommand("lease-b", 0, TimeSpan.FromHours(1), OneAtATime, Node: "node-b"));
        Assert.True(held.Granted);
        Assert.Contains((await store.ReadAsync<CredentialState>(EntityKey.Credential("cred-1"))).Leases, l => l.Id == "lease-b" && l.Node == "node-b");
        Assert.False((await store.AcquireCredentialAsync("cred-1", new AcquireCommand("lease-a0", 0, TimeSpan.FromHours(1), OneAtATime, Node: "node-a"))).Granted);

        await b.AbandonAsync().WaitAsync(ClusterHarness.Bound);
        var silentSince = _cluster.Clock.GetUtcNow();
        while (await StatusAsync(a, "node-b") == "live" && _cluster.Clock.GetUtcNow() - silentSince <= ClusterHarness.DeadAfter * 3)
        {
            await _cluster.TickAsync(a, c);
        }

        var deadB = (await a.ListNodesAsync()).Single(n => n.Id == "node-b");
        Assert.Equal("dead", deadB.Status);
        Assert.True(deadB.DeadAt - silentSince > ClusterHarness.DeadAfter, $"declared dead {deadB.DeadAt - silentSince} after its last beat");
        Assert.True(deadB.DeadAt - silentSince <= ClusterHarness.DeadAfter + (ClusterHarness.Interval * 2), $"declared dead {deadB.DeadAt - silentSince} after its last beat");
        Assert.DoesNotContain((await store.ReadAsync<CredentialState>(EntityKey.Credential("cred-1"))).Leases, l => l.Id == "lease-b");
        var again = await store.AcquireCredentialAsync("cred-1", new AcquireCommand("lease-a", 0, TimeSpan.FromHours(1), OneAtATime, Node: "node-a"));
        Assert.True(again.Granted, again.Refusal?.Detail);
        Assert.True(_cluster.Clock.GetUtcNow() - silentSince < TimeSpan.FromMinutes(1));

        // Survivors that beat before the leader's sweep in that tick see the new count at the next one.
        await _cluster.TickAsync(a, c);
        Assert.Equal(2, a.LiveNodeCount);
        Assert.Equal(2, c.LiveNodeCount);
    }

    [Fact]
    public async Task StopAsync_NodeHoldingLease_MarkedDeadAtOnceAndLeaseReleasedAtLeadersNextBeat()
    {
        var a = await _cluster.StartNodeAsync("node-a");
        var b = await _cluster.StartNodeAsync("node-b");
        await _cluster.TickAsync(a, b);
        var store = _cluster.NewStore();
        Assert.True((await store.AcquireCredentialAsync("cred-1", new AcquireCommand("lease-b", 0, TimeSpan.FromHours(1), OneAtATime, Node: "node-b"))).Granted);

        await b.StopAsync(CancellationToken.None).WaitAsync(ClusterHarness.Bound);

        var left = (await a.ListNodesAsync()).Single(n => n.Id == "node-b");
        Assert.Equal("dead", left.Status);
        Assert.Equal(_cluster.Clock.GetUtcNow(), left.DeadAt);
        Assert.False(b.IsLeader);

        // If node-b led, node-a takes over at this beat and reaps in the same beat.
        await _cluster.TickAsync(a);
        Assert.True(a.IsLeader);
        Assert.Empty((await store.ReadAsync<CredentialState>(EntityKey.Credential("cred-1"))).Leases);
        Assert.True((await store.AcquireCredentialAsync("cred-1", new AcquireCommand("lease-a", 0, TimeSpan.FromHours(1), OneAtATime, Node: "node-a"))).Granted);
    }

    [Fact]
    public async Task Tick_NodeDeclaredDeadWhileRunning_RejoinsAsLive()
    {
        var a = await _cluster.StartNodeAsync("node-a");
        await ExecuteAsync("UPDATE rc_nodes SET status = 'dead', dead_at = started_at WHERE id = 'node-a'");

        await _cluster.TickAsync(a);

        var listed = Assert.Single(await a.ListNodesAsync());
        Assert.Equal("live", listed.Status);
        Assert.Null(listed.DeadAt);
        Assert.Equal(1, a.LiveNodeCount);
    }

    [Fact]
    public async Task Tick_DatabaseErrors_LoopGoesOnKeepsLastLiveCountAndRecovers()
    {
        var a = await _cluster.StartNodeAsync("node-a");
        var b = await _cluster.StartNodeAsync("node-b");
        await _cluster.TickAsync(a, b);
        Assert.Equal(2, a.LiveNodeCount);

        await ExecuteAsync("ALTER TABLE rc_nodes RENAME TO rc_nodes_away");
        await _cluster.TickAsync(a, b);
        await _cluster.TickAsync(a, b);
        Assert.Equal(3, a.Ticks);
        Assert.Equal(2, a.LiveNodeCount);
        Assert.Equal(2, b.LiveNodeCount);

        await ExecuteAsync("ALTER TABLE rc_nodes_away RENAME TO rc_nodes");
        await _cluster.TickAsync(a, b);
        var nodes = await a.ListNodesAsync();
        Assert.All(nodes, n => Assert.Equal(_cluster.Clock.GetUtcNow(), n.HeartbeatAt));
        Assert.Single(new[] { a, b }, n => n.IsLeader);
    }

    private static async Task<string> StatusAsync(PostgresCluster node, string id) =>
        (await node.ListNodesAsync()).Single(n => n.Id == id).Status;

    private async Task ExecuteAsync(string sql)
    {
        await using var command = _cluster.NewDataSource().CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
