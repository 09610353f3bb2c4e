using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using RoutingCluster.Storage.Postgres.Membership;
using RoutingCluster.Storage.Postgres.Sql;
using RoutingCluster.Testing;
using Xunit;

namespace RoutingCluster.Storage.Postgres.Tests.Membership;

public sealed class LeaderElectionTests : IAsyncLifetime
{
    /// <summary>pg_locks is server-wide and test classes run in parallel: only this database's lock counts.</summary>
    private const string LeaderLockHolders = """
        FROM pg_locks
        WHERE locktype = 'advisory' AND granted AND objsubid = 1 AND ((classid::bigint << 32) | objid::bigint) = @key
          AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
        """;

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private readonly List<NpgsqlDataSource> _dataSources = [];
    private PostgresTestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await PostgresTestDatabase.CreateAsync();

    public async Task DisposeAsync()
    {
        foreach (var dataSource in _dataSources)
        {
            await dataSource.DisposeAsync();
        }

        await _database.DisposeAsync();
    }

    [Fact]
    public async Task TryAcquireOrConfirmAsync_TwoContenders_OnlyFirstLeadsAndKeepsLeading()
    {
        await using var first = Election();
        await using var second = Election();

        Assert.True(await first.TryAcquireOrConfirmAsync(CancellationToken.None).WaitAsync(Bound));
        for (var round = 0; round < 5; round++)
        {
            Assert.False(await second.TryAcquireOrConfirmAsync(CancellationToken.None).WaitAsync(Bound));
            Assert.True(await first.TryAcquireOrConfirmAsync(CancellationToken.None).WaitAsync(Bound));
        }

        Assert.True(first.IsLeader);
        Assert.False(second.IsLeader);
        Assert.Equal(1, await LockHoldersAsync());
    }

    [Fact]
    public async Task ReleaseAsync_Leader_LockFreedForTheOther()
    {
        await using var first = Election();
        await using var second = Election();
        Assert.True(await first.TryAcquireOrConfirmAsync(CancellationToken.None).WaitAsync(Bound));

        await first.ReleaseAsync().WaitAsync(Bound);

        Assert.False(first.IsLeader);
        Assert.True(await second.TryAcquireOrConfirmAsync(CancellationToken.None).WaitAsync(Bound));
        Assert.Equal(1, await LockHoldersAsync());
    }

    [Fact]
    public async Task TryAcquireOrConfirmAsync_LeaderSessionKilledByServer_LeaderStepsDownAndOtherTakesOver()
    {
        await using var first = Election();
        await using var second = Election();
        Assert.True(await first.TryAcquireOrConfirmAsync(CancellationToken.None).WaitAsync(Bound));

        // The server ends the leader's session (as after a network cut) and waits until it is gone.
        await using (var admin = _database.CreateDataSource())
        await using (var kill = admin.CreateCommand(
            $"SELECT pg_terminate_backend(pid, 5000) {LeaderLockHolders}"))
        {
            kill.Parameters.AddWithValue("key", Queries.LeaderLockKey);
            Assert.True((bool)(await kill.ExecuteScalarAsync())!);
        }

        Assert.False(await first.TryAcquireOrConfirmAsync(CancellationToken.None).WaitAsync(Bound));
        Assert.False(first.IsLeader);
        Assert.True(await second.TryAcquireOrConfirmAsync(CancellationToken.None).WaitAsync(Bound));
        Assert.False(await first.TryAcquireOrConfirmAsync(CancellationToken.None).WaitAsync(Bound));
        Assert.Equal(1, await LockHoldersAsync());
    }

    [Fact]
    public async Task DropAsync_Leader_ServerFreesLockWithoutUnlock()
    {
        await using var first = Election();
        await using var second = Election();
        Assert.True(await first.TryAcquireOrConfirmAsync(CancellationToken.None).WaitAsync(Bound));

        await first.DropAsync().WaitAsync(Bound);

        Assert.False(first.IsLeader);
        var acquired = false;
        for (var attempt = 0; attempt < 200 && !acquired; attempt++)
        {
            // The server ends the dropped session asynchronously: bounded retries, no sleeps.
            acquired = await second.TryAcquireOrConfirmAsync(CancellationToken.None).WaitAsync(Bound);
        }

        Assert.True(acquired);
    }

    private LeaderElection Election()
    {
        var dataSource = _database.CreateDataSource();
        _dataSources.Add(dataSource);
        return new LeaderElection(dataSource, NullLogger.Instance, TimeSpan.FromSeconds(30));
    }

    private async Task<long> LockHoldersAsync()
    {
        await using var dataSource = _database.CreateDataSource();
        await using var command = dataSource.CreateCommand(
            $"SELECT count(*) {LeaderLockHolders}");
        command.Parameters.AddWithValue("key", Queries.LeaderLockKey);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
