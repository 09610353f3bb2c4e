using Npgsql;
using RoutingCluster.Storage.Postgres.Schema;
using RoutingCluster.Testing;
using Xunit;

namespace RoutingCluster.Storage.Postgres.Tests.Entities;

/// <summary>
/// A throwaway database with the schema applied, shared by the tests of one class (an xunit class
/// fixture); the tests keep apart by using entity ids unique to each test.
/// </summary>
public sealed class PostgresEntitiesDatabase : IAsyncLifetime
{
    private PostgresTestDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync();
        await using var dataSource = _database.CreateDataSource();
        await MigrationRunner.ApplyAsync(dataSource);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    /// <summary>A new connection pool on the database: one per simulated node.</summary>
    public NpgsqlDataSource CreateDataSource() => _database.CreateDataSource();
}
