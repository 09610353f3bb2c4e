using System.Globalization;
using Npgsql;
using RoutingCluster.Storage.Postgres.Sql;

namespace RoutingCluster.Storage.Postgres.Schema;

/// <summary>
/// Applies the embedded, numbered SQL migrations (<c>0001_name.sql</c>, ...) not yet recorded in
/// <c>rc_schema_migrations</c>. All of it runs in one transaction holding a transaction-level
/// advisory lock, so nodes starting at the same moment apply each migration exactly once.
/// </summary>
public static class MigrationRunner
{
    private const string ResourcePrefix = "RoutingCluster.Storage.Postgres.Migrations.";

    /// <returns>The names of the migrations applied by this call.</returns>
    public static async Task<IReadOnlyList<string>> ApplyAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand(Queries.LockMigrations, connection, transaction))
        {
            lockCommand.Parameters.AddWithValue("key", Queries.MigrationLockKey);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var create = new NpgsqlCommand(Queries.CreateMigrationsTable, connection, transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        var applied = new HashSet<int>();
        await using (var read = new NpgsqlCommand(Queries.AppliedMigrations, connection, transaction))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                applied.Add(reader.GetInt32(0));
            }
        }

        var done = new List<string>();
        foreach (var (version, name, sql) in Embedded())
        {
            if (applied.Contains(version))
            {
                continue;
            }

            await using (var migrate = new NpgsqlCommand(sql, connection, transaction))
            {
                await migrate.ExecuteNonQueryAsync(cancellationToken);
            }

            await using (var record = new NpgsqlCommand(Queries.RecordMigration, connection, transaction))
            {
                record.Parameters.AddWithValue("version", version);
                record.Parameters.AddWithValue("name", name);
                await record.ExecuteNonQueryAsync(cancellationToken);
            }

            done.Add(name);
        }

        await transaction.CommitAsync(cancellationToken);
        return done;
    }

    private static IEnumerable<(int Version, string Name, string Sql)> Embedded()
    {
        var assembly = typeof(MigrationRunner).Assembly;
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var name = resource[ResourcePrefix.Length..^".sql".Length];
            var version = int.Parse(name[..name.IndexOf('_', StringComparison.Ordinal)], CultureInfo.InvariantCulture);
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            yield return (version, name, reader.ReadToEnd());
        }
    }
}
