using Npgsql;
using NpgsqlTypes;
using RoutingCluster.Entities;
using RoutingCluster.Storage.Postgres.Sql;

namespace RoutingCluster.Storage.Postgres.Entities;

/// <summary>The statements of a batch of entity reads or transitions: many rows per statement, keys as arrays.</summary>
internal static class EntityBatch
{
    public static Keys KeysOf(IEnumerable<PendingTransition> batch) => new([.. batch.Select(p => p.Key).Distinct()]);

    public static Keys KeysOf(IEnumerable<PendingRead> batch) => new([.. batch.Select(p => p.Key).Distinct()]);

    /// <summary>Locks and reads the rows of <paramref name="keys"/> that exist, in key order.</summary>
    public static async Task LockAsync(NpgsqlConnection connection, Keys keys, bool begin, Dictionary<EntityKey, Row> rows)
    {
        await using var batch = new NpgsqlBatch(connection);
        if (begin)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(Queries.Begin));
        }

        batch.BatchCommands.Add(new NpgsqlBatchCommand(Queries.LockEntities) { Parameters = { Texts(keys.Kinds), Texts(keys.Ids) } });
        await using var reader = await batch.ExecuteReaderAsync(CancellationToken.None);
        await ReadRowsAsync(reader, rows);
    }

    /// <summary>Creates the missing rows with their initial states, then locks them.</summary>
    public static async Task InsertAndLockAsync(NpgsqlConnection connection, Keys missing, List<PendingTransition> pending, DateTimeOffset now, Dictionary<EntityKey, Row> rows)
    {
        var initial = missing.All.Select(key => pending.First(p => p.Key == key).InitialJson).ToArray();
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand(Queries.InsertEntitiesIfMissing)
                {
                    Parameters = { Texts(missing.Kinds), Texts(missing.Ids), Jsons(initial), new() { Value = now } },
                },
                new NpgsqlBatchCommand(Queries.LockEntities) { Parameters = { Texts(missing.Kinds), Texts(missing.Ids) } },
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(CancellationToken.None);
        await ReadRowsAsync(reader, rows);
        if (missing.All.Any(key => !rows.ContainsKey(key)))
        {
            throw new InvalidOperationException("An entity has no row after it was created.");
        }
    }

    /// <summary>Writes every row (each guarded by the version read under its lock) and commits.</summary>
    public static async Task WriteAndCommitAsync(NpgsqlConnection connection, List<Write> writes, DateTimeOffset now)
    {
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand(Queries.UpdateEntities)
                {
                    Parameters =
                    {
                        Texts([.. writes.Select(w => w.Key.Kind)]),
                        Texts([.. writes.Select(w => w.Key.Id)]),
                        new() { Value = writes.Select(w => w.Version).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint },
                        Jsons([.. writes.Select(w => w.Json)]),
                        new() { Value = writes.Select(w => w.Expected).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint },
                        new() { Value = now },
                    },
                },
                new NpgsqlBatchCommand(Queries.Commit),
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(CancellationToken.None);
        if (batch.BatchCommands[0].RecordsAffected != writes.Count)
        {
            // Guards against a bug, not a race: every row was locked since it was read.
            throw new InvalidOperationException("An entity changed while its row was locked.");
        }
    }

    /// <summary>The current rows of <paramref name="keys"/> (no lock); missing rows are absent.</summary>
    public static async Task<Dictionary<EntityKey, Row>> ReadAsync(NpgsqlDataSource dataSource, Keys keys)
    {
        await using var command = dataSource.CreateCommand(Queries.ReadEntities);
        command.Parameters.Add(Texts(keys.Kinds));
        command.Parameters.Add(Texts(keys.Ids));
        await using var reader = await command.ExecuteReaderAsync(CancellationToken.None);
        var rows = new Dictionary<EntityKey, Row>(keys.Count);
        await ReadRowsAsync(reader, rows);
        return rows;
    }

    private static async Task ReadRowsAsync(NpgsqlDataReader reader, Dictionary<EntityKey, Row> rows)
    {
        while (await reader.ReadAsync(CancellationToken.None))
        {
            rows[new EntityKey(reader.GetString(0), reader.GetString(1))] = new Row(reader.GetInt64(2), reader.GetString(3));
        }
    }

    private static NpgsqlParameter Texts(string[] values) => new() { Value = values, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };

    private static NpgsqlParameter Jsons(string[] values) => new() { Value = values, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb };

    /// <summary>Distinct entity keys as the parallel arrays the statements take.</summary>
    public sealed class Keys(EntityKey[] keys)
    {
        public EntityKey[] All { get; } = keys;

        public string[] Kinds { get; } = [.. keys.Select(k => k.Kind)];

        public string[] Ids { get; } = [.. keys.Select(k => k.Id)];

        public int Count => All.Length;

        public Keys Without(Dictionary<EntityKey, Row> found) => new([.. All.Where(k => !found.ContainsKey(k))]);
    }

    public readonly record struct Row(long Version, string Json);

    public readonly record struct Write(EntityKey Key, long Version, string Json, long Expected, object State);
}
