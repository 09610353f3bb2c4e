-- Storage for the Orleans ADO.NET clustering and grain persistence providers (invariant "Npgsql").
--
-- The providers ship no schema: at start they load their SQL from the table OrleansQuery
-- (QueryKey -> QueryText) and only rely on the named parameters they bind and the column
-- names they read back. Everything below except those names is ours. Conditional writes that
-- must move two rows together live in small plpgsql functions so that a lost race leaves
-- nothing half done.

CREATE TABLE IF NOT EXISTS OrleansQuery (
    QueryKey   varchar(64) PRIMARY KEY,
    QueryText  text        NOT NULL
);

-- One row per cluster. Its version is the membership table's ETag: every change of a silo row
-- bumps it, conditional on the version the writer last read.
CREATE TABLE IF NOT EXISTS rc_orleans_cluster (
    cluster_id  text        PRIMARY KEY,
    version     integer     NOT NULL DEFAULT 0,
    changed_at  timestamptz NOT NULL DEFAULT now()
);

-- One row per silo incarnation (address, port and generation together name a silo).
CREATE TABLE IF NOT EXISTS rc_orleans_silo (
    cluster_id     text        NOT NULL REFERENCES rc_orleans_cluster (cluster_id) ON DELETE CASCADE,
    address        text        NOT NULL,
    port           integer     NOT NULL,
    generation     integer     NOT NULL,
    silo_name      text        NOT NULL,
    host_name      text        NOT NULL,
    status         integer     NOT NULL,
    proxy_port     integer     NOT NULL,
    suspect_times  text        NULL,
    started_at     timestamptz NOT NULL,
    alive_at       timestamptz NOT NULL,
    PRIMARY KEY (cluster_id, address, port, generation)
);

-- Grain state. A missing key extension is stored as '' so that the key is plain equality; the
-- hashes the provider computes are kept alongside but the identity is the natural key.
CREATE TABLE IF NOT EXISTS rc_orleans_grain_state (
    service_id       text        NOT NULL,
    grain_type       text        NOT NULL,
    grain_n0         bigint      NOT NULL,
    grain_n1         bigint      NOT NULL,
    grain_key_ext    text        NOT NULL DEFAULT '',
    grain_type_hash  integer     NOT NULL,
    grain_id_hash    integer     NOT NULL,
    payload          bytea       NULL,
    version          integer     NOT NULL,
    changed_at       timestamptz NOT NULL,
    PRIMARY KEY (service_id, grain_type, grain_n0, grain_n1, grain_key_ext)
);

-- Adds a silo if the cluster is still at the version the caller read. The version row is
-- updated first so that concurrent joiners queue behind its row lock and all but one see a
-- stale version; a duplicate silo undoes the bump by leaving through the exception handler.
CREATE OR REPLACE FUNCTION rc_orleans_join_silo(
    _cluster text, _expected integer, _address text, _port integer, _generation integer,
    _silo_name text, _host_name text, _status integer, _proxy_port integer,
    _started_at timestamptz, _alive_at timestamptz)
RETURNS boolean
LANGUAGE plpgsql
AS $join$
BEGIN
    UPDATE rc_orleans_cluster
       SET version = version + 1, changed_at = now()
     WHERE cluster_id = _cluster AND version = _expected;
    IF NOT FOUND THEN
        RETURN false;
    END IF;

    INSERT INTO rc_orleans_silo (cluster_id, address, port, generation, silo_name, host_name,
                                 status, proxy_port, suspect_times, started_at, alive_at)
    VALUES (_cluster, _address, _port, _generation, _silo_name, _host_name,
            _status, _proxy_port, NULL, _started_at, _alive_at);
    RETURN true;
EXCEPTION
    WHEN unique_violation THEN
        RETURN false;
END;
$join$;

-- Changes a silo's status, suspicions and liveness under the same version check as a join.
CREATE OR REPLACE FUNCTION rc_orleans_change_silo(
    _cluster text, _expected integer, _address text, _port integer, _generation integer,
    _status integer, _suspect_times text, _alive_at timestamptz)
RETURNS boolean
LANGUAGE plpgsql
AS $change$
BEGIN
    UPDATE rc_orleans_cluster
       SET version = version + 1, changed_at = now()
     WHERE cluster_id = _cluster AND version = _expected;
    IF NOT FOUND THEN
        RETURN false;
    END IF;

    UPDATE rc_orleans_silo
       SET status = _status, suspect_times = _suspect_times, alive_at = _alive_at
     WHERE cluster_id = _cluster AND address = _address AND port = _port AND generation = _generation;
    IF NOT FOUND THEN
        -- Unknown silo: roll the version bump back as well.
        RAISE SQLSTATE 'P0002';
    END IF;
    RETURN true;
EXCEPTION
    WHEN no_data_found THEN
        RETURN false;
END;
$change$;

-- The membership rows the providers read: the cluster's version, joined with its silos (all of them,
-- or the one named). A cluster without silos still answers its version row (silo columns null).
CREATE OR REPLACE FUNCTION rc_orleans_members(_cluster text, _address text, _port integer, _generation integer)
RETURNS TABLE ("Version" integer, "Address" text, "Port" integer, "Generation" integer, "SiloName" text,
               "HostName" text, "Status" integer, "ProxyPort" integer, "SuspectTimes" text,
               "StartTime" timestamptz, "IAmAliveTime" timestamptz)
LANGUAGE sql STABLE AS $$
    SELECT c.version, s.address, s.port, s.generation, s.silo_name, s.host_name, s.status,
           s.proxy_port, s.suspect_times, s.started_at, s.alive_at
      FROM rc_orleans_cluster c
      LEFT JOIN rc_orleans_silo s
        ON s.cluster_id = c.cluster_id
       AND (_address IS NULL OR (s.address = _address AND s.port = _port AND s.generation = _generation))
     WHERE c.cluster_id = _cluster
$$;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
-- Clustering (silos).
-- The provider expects exactly one boolean row, also when the cluster row already existed.
('InsertMembershipVersionKey', $q$
WITH created AS (
    INSERT INTO rc_orleans_cluster (cluster_id) VALUES (@DeploymentId)
    ON CONFLICT (cluster_id) DO NOTHING
    RETURNING cluster_id
)
SELECT EXISTS (SELECT 1 FROM created) AS "Created"
$q$),
('MembershipReadAllKey', $q$
SELECT * FROM rc_orleans_members(@DeploymentId, NULL, NULL, NULL)
$q$),
('MembershipReadRowKey', $q$
SELECT * FROM rc_orleans_members(@DeploymentId, @Address, @Port, @Generation)
$q$),
('InsertMembershipKey', $q$
SELECT rc_orleans_join_silo(@DeploymentId, @Version, @Address, @Port, @Generation,
                            @SiloName, @HostName, @Status, @ProxyPort,
                            @StartTime, @IAmAliveTime) AS "Inserted"
$q$),
('UpdateMembershipKey', $q$
SELECT rc_orleans_change_silo(@DeploymentId, @Version, @Address, @Port, @Generation,
                              @Status, @SuspectTimes, @IAmAliveTime) AS "Updated"
$q$),
('UpdateIAmAlivetimeKey', $q$
UPDATE rc_orleans_silo SET alive_at = @IAmAliveTime
 WHERE cluster_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation
$q$),
('DeleteMembershipTableEntriesKey', $q$
DELETE FROM rc_orleans_cluster WHERE cluster_id = @DeploymentId
$q$),
('CleanupDefunctSiloEntriesKey', $q$
DELETE FROM rc_orleans_silo
 WHERE cluster_id = @DeploymentId AND alive_at < @IAmAliveTime AND status = 6
$q$),
-- Clustering (clients): gateways of active silos; @Status is bound to Active by the provider.
('GatewaysQueryKey', $q$
SELECT address AS "Address", proxy_port AS "ProxyPort", generation AS "Generation"
  FROM rc_orleans_silo
 WHERE cluster_id = @DeploymentId AND status = @Status AND proxy_port > 0
$q$),
-- Grain persistence. A write or clear always yields exactly one row; NULL there tells the
-- provider its ETag was stale, which it raises as InconsistentStateException.
('ReadFromStorageKey', $q$
SELECT payload AS "PayloadBinary", version AS "Version"
  FROM rc_orleans_grain_state
 WHERE service_id = @ServiceId AND grain_type = @GrainTypeString
   AND grain_n0 = @GrainIdN0 AND grain_n1 = @GrainIdN1
   AND grain_key_ext = COALESCE(@GrainIdExtensionString, '')
$q$),
('WriteToStorageKey', $q$
WITH fresh AS (
    INSERT INTO rc_orleans_grain_state (service_id, grain_type, grain_n0, grain_n1, grain_key_ext,
                                        grain_type_hash, grain_id_hash, payload, version, changed_at)
    SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, COALESCE(@GrainIdExtensionString, ''),
           @GrainTypeHash, @GrainIdHash, @PayloadBinary, 1, now()
     WHERE @GrainStateVersion IS NULL
    ON CONFLICT DO NOTHING
    RETURNING version
), bumped AS (
    UPDATE rc_orleans_grain_state
       SET payload = @PayloadBinary, version = version + 1, changed_at = now()
     WHERE @GrainStateVersion IS NOT NULL
       AND service_id = @ServiceId AND grain_type = @GrainTypeString
       AND grain_n0 = @GrainIdN0 AND grain_n1 = @GrainIdN1
       AND grain_key_ext = COALESCE(@GrainIdExtensionString, '')
       AND version = @GrainStateVersion
    RETURNING version
)
SELECT COALESCE((SELECT version FROM fresh), (SELECT version FROM bumped)) AS "NewGrainStateVersion"
$q$),
('ClearStorageKey', $q$
WITH emptied AS (
    UPDATE rc_orleans_grain_state
       SET payload = NULL, version = version + 1, changed_at = now()
     WHERE service_id = @ServiceId AND grain_type = @GrainTypeString
       AND grain_n0 = @GrainIdN0 AND grain_n1 = @GrainIdN1
       AND grain_key_ext = COALESCE(@GrainIdExtensionString, '')
       AND version = @GrainStateVersion
    RETURNING version
)
SELECT (SELECT version FROM emptied) AS "Version"
$q$),
-- Used instead of ClearStorageKey when DeleteStateOnClear is set; answers the removed version
-- plus one so that the provider's ETag comparison sees a change.
('DeleteStorageKey', $q$
WITH removed AS (
    DELETE FROM rc_orleans_grain_state
     WHERE service_id = @ServiceId AND grain_type = @GrainTypeString
       AND grain_n0 = @GrainIdN0 AND grain_n1 = @GrainIdN1
       AND grain_key_ext = COALESCE(@GrainIdExtensionString, '')
       AND version = @GrainStateVersion
    RETURNING version
)
SELECT (SELECT version + 1 FROM removed) AS "Version"
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

-- The previous cluster engine's tables (0001, 0002) are retired; their index goes with them.
DROP INDEX IF EXISTS rc_nodes_status;
DROP TABLE IF EXISTS rc_entities;
DROP TABLE IF EXISTS rc_nodes;
