namespace RoutingCluster.Storage.Postgres.Sql;

/// <summary>Every SQL statement of the Postgres store, named. Values always go in as parameters.</summary>
internal static class Queries
{
    /// <summary>Advisory lock key serializing migrations across nodes starting at once.</summary>
    public const long MigrationLockKey = 0x52_43_4D_49_47; // "RCMIG"

    /// <summary>Advisory lock key held by the cluster leader for as long as its session lives.</summary>
    public const long LeaderLockKey = 0x52_43_4C_45_41_44; // "RCLEAD"

    public const string CreateMigrationsTable = """
        CREATE TABLE IF NOT EXISTS rc_schema_migrations (
            version     integer     PRIMARY KEY,
            name        text        NOT NULL,
            applied_at  timestamptz NOT NULL DEFAULT now())
        """;

    public const string LockMigrations = "SELECT pg_advisory_xact_lock(@key)";

    public const string AppliedMigrations = "SELECT version FROM rc_schema_migrations";

    public const string RecordMigration = "INSERT INTO rc_schema_migrations (version, name) VALUES (@version, @name)";

    public const string Begin = "BEGIN";

    public const string Commit = "COMMIT";

    public const string Rollback = "ROLLBACK";

    /// <summary>Batched (positional): kinds[], ids[], initial states[], now. Rows that exist are left alone.</summary>
    public const string InsertEntitiesIfMissing = """
        INSERT INTO rc_entities (kind, id, version, state, updated_at)
        SELECT u.kind, u.id, 0, u.state, $4 FROM unnest($1::text[], $2::text[], $3::jsonb[]) AS u(kind, id, state)
        ORDER BY u.kind, u.id
        ON CONFLICT (kind, id) DO NOTHING
        """;

    /// <summary>
    /// Batched (positional): kinds[], ids[]. Locks the rows in key order (the lock step runs over
    /// the sorted rows), so batches of different nodes wait for each other instead of deadlocking.
    /// The locks hold until the transaction ends.
    /// </summary>
    public const string LockEntities = """
        SELECT e.kind, e.id, e.version, e.state FROM rc_entities AS e
        WHERE (e.kind, e.id) IN (SELECT u.kind, u.id FROM unnest($1::text[], $2::text[]) AS u(kind, id))
        ORDER BY e.kind, e.id
        FOR UPDATE OF e
        """;

    /// <summary>Positional: kinds[], ids[]. No lock: for ranking only.</summary>
    public const string ReadEntities = """
        SELECT e.kind, e.id, e.version, e.state FROM rc_entities AS e
        WHERE (e.kind, e.id) IN (SELECT u.kind, u.id FROM unnest($1::text[], $2::text[]) AS u(kind, id))
        """;

    /// <summary>Batched (positional): kinds[], ids[], versions[], states[], expected versions[], now.</summary>
    public const string UpdateEntities = """
        UPDATE rc_entities AS e SET version = u.version, state = u.state, updated_at = $6
        FROM unnest($1::text[], $2::text[], $3::bigint[], $4::jsonb[], $5::bigint[]) AS u(kind, id, version, state, expected)
        WHERE e.kind = u.kind AND e.id = u.id AND e.version = u.expected
        """;

    /// <summary>Batched (positional): version, state, now, kind, id, expected version.</summary>
    public const string UpdateLockedEntity = "UPDATE rc_entities SET version = $1, state = $2, updated_at = $3 WHERE kind = $4 AND id = $5 AND version = $6";

    public const string ListEntityIds = "SELECT id FROM rc_entities WHERE kind = @kind";

    public const string UpsertNode = """
        INSERT INTO rc_nodes (id, address, started_at, heartbeat_at, status)
        VALUES (@id, @address, @now, @now, 'live')
        ON CONFLICT (id) DO UPDATE SET address = EXCLUDED.address, heartbeat_at = EXCLUDED.heartbeat_at, status = 'live', dead_at = NULL, leases_reaped = false
        """;

    public const string Heartbeat = "UPDATE rc_nodes SET heartbeat_at = @now WHERE id = @id AND status = 'live'";

    public const string MarkLeft = "UPDATE rc_nodes SET status = 'dead', dead_at = @now WHERE id = @id";

    public const string ListNodes = "SELECT id, address, started_at, heartbeat_at, status, dead_at FROM rc_nodes ORDER BY id";

    public const string CountLiveNodes = "SELECT count(*) FROM rc_nodes WHERE status = 'live'";

    public const string DeclareDead = """
        UPDATE rc_nodes SET status = 'dead', dead_at = @now
        WHERE status = 'live' AND heartbeat_at < @cutoff
        RETURNING id
        """;

    public const string UnreapedDeadNodes = "SELECT id FROM rc_nodes WHERE status = 'dead' AND NOT leases_reaped";

    public const string MarkReaped = "UPDATE rc_nodes SET leases_reaped = true WHERE id = ANY(@ids)";

    public const string TryLeaderLock = "SELECT pg_try_advisory_lock(@key)";

    /// <summary>Whether this session still holds the leader lock (a bigint key is classid:objid, objsubid 1).</summary>
    public const string HoldsLeaderLock = """
        SELECT EXISTS (
            SELECT 1 FROM pg_locks
            WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted AND objsubid = 1
              AND ((classid::bigint << 32) | objid::bigint) = @key)
        """;

    public const string ReleaseLeaderLock = "SELECT pg_advisory_unlock(@key)";

    /// <summary>Drops every session setting and lock, as if the connection were new.</summary>
    public const string ResetSession = "DISCARD ALL";

    /// <summary>Lets the server end the leader's session (and so free its lock) when its client vanished silently.</summary>
    public const string SetIdleSessionTimeout = "SELECT set_config('idle_session_timeout', @value, false)";

    /// <summary>Like <see cref="MarkReaped"/>, but skips a node that rejoined meanwhile (its new leases are not reaped).</summary>
    public const string MarkReapedIfDead = "UPDATE rc_nodes SET leases_reaped = true WHERE id = ANY(@ids) AND status = 'dead'";

    /// <summary>One batch of ledger records as parallel arrays; a row already written (a retried batch) is left alone.</summary>
    public const string InsertLedgerRecords = """
        INSERT INTO rc_requests (id, time, node, tenant, front_door, requested_model, role, status, outcome, model, credential, record)
        SELECT * FROM unnest(@ids::text[], @times::timestamptz[], @nodes::text[], @tenants::text[], @front_doors::text[],
                             @requested_models::text[], @roles::text[], @statuses::integer[], @outcomes::text[], @models::text[],
                             @credentials::text[], @records::jsonb[])
        ON CONFLICT (id) DO NOTHING
        """;

    /// <summary>Newest first. Null parameters do not filter; status is a half-open range [min, max).</summary>
    public const string QueryLedgerRecords = """
        SELECT record FROM rc_requests
        WHERE (@role::text IS NULL OR role = @role)
          AND (@status_min::integer IS NULL OR (status >= @status_min AND status < @status_max))
          AND (@since::timestamptz IS NULL OR time >= @since)
        ORDER BY time DESC, seq DESC
        LIMIT @limit
        """;

    public const string GetLedgerRecord = "SELECT record FROM rc_requests WHERE id = @id";
}
