using RoutingCluster.Storage.Postgres.Schema;
using RoutingCluster.Testing;
using Xunit;

namespace RoutingCluster.Storage.Postgres.Tests.Schema;

public sealed class MigrationRunnerTests : IAsyncLifetime
{
    private PostgresTestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await PostgresTestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task ApplyAsync_ManyNodesStartingAtOnce_EachMigrationAppliedExactlyOnce()
    {
        await using var dataSource = _database.CreateDataSource();

        var runs = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => MigrationRunner.ApplyAsync(dataSource)));

        var applied = runs.SelectMany(r => r).ToList();
        Assert.Equal(applied.Distinct().Count(), applied.Count);
        Assert.Contains("0001_entities", applied);
        Assert.Contains("0004_orleans", applied);
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM rc_schema_migrations");
        Assert.Equal((long)applied.Count, (long)(await command.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task ApplyAsync_SecondTime_AppliesNothing()
    {
        await using var dataSource = _database.CreateDataSource();
        await MigrationRunner.ApplyAsync(dataSource);

        var again = await MigrationRunner.ApplyAsync(dataSource);

        Assert.Empty(again);
        await using var command = dataSource.CreateCommand("SELECT to_regclass('rc_requests') IS NOT NULL AND to_regclass('rc_orleans_silo') IS NOT NULL");
        Assert.True((bool)(await command.ExecuteScalarAsync())!);
    }
}
