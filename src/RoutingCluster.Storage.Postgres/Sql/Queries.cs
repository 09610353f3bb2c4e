namespace RoutingCluster.Storage.Postgres.Sql;

/// <summary>Every SQL statement of the Postgres store, named. Values always go in as parameters.</summary>
internal static class Queries
{
    /// <summary>Advisory lock key serializing migrations across nodes starting at once.</summary>
    public const long MigrationLockKey = 0x52_43_4D_49_47; // "RCMIG"

    public const string CreateMigrationsTable = """
        CREATE TABLE IF NOT EXISTS rc_schema_migrations (
            version     integer     PRIMARY KEY,
            name        text        NOT NULL,
            applied_at  timestamptz NOT NULL DEFAULT now())
        """;

    public const string LockMigrations = "SELECT pg_advisory_xact_lock(@key)";

    public const string AppliedMigrations = "SELECT version FROM rc_schema_migrations";

    public const string RecordMigration = "INSERT INTO rc_schema_migrations (version, name) VALUES (@version, @name)";

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
          AND (@tenant::text IS NULL OR tenant = @tenant)
        ORDER BY time DESC, seq DESC
        LIMIT @limit
        """;

    public const string GetLedgerRecord = "SELECT record FROM rc_requests WHERE id = @id";
}
