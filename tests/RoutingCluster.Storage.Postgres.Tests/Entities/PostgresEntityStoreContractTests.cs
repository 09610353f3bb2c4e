using Npgsql;
using RoutingCluster.Entities;
using RoutingCluster.Storage.Postgres.Entities;
using RoutingCluster.Testing.Contracts;
using Xunit;

namespace RoutingCluster.Storage.Postgres.Tests.Entities;

/// <summary>
/// The entity store contract on the shared PostgreSQL store. Each store handle a test asks for is
/// a separate node: its own <see cref="NpgsqlDataSource"/> (connection pool) on the class's database.
/// </summary>
public sealed class PostgresEntityStoreContractTests(PostgresEntitiesDatabase database)
    : EntityStoreContract, IClassFixture<PostgresEntitiesDatabase>
{
    private readonly List<NpgsqlDataSource> _dataSources = [];

    public override async Task DisposeAsync()
    {
        foreach (var dataSource in _dataSources)
        {
            await dataSource.DisposeAsync();
        }

        await base.DisposeAsync();
    }

    protected override Task<IEntityStore> CreateStoreAsync(TimeProvider time)
    {
        var dataSource = database.CreateDataSource();
        _dataSources.Add(dataSource);
        return Task.FromResult<IEntityStore>(new PostgresEntityStore(dataSource, time));
    }
}
