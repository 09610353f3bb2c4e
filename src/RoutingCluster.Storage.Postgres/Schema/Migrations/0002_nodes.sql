-- Gateway nodes of the cluster. A node inserts itself at start and heartbeats; the leader marks
-- nodes that stopped heartbeating as dead and releases the concurrency leases they held.
CREATE TABLE IF NOT EXISTS rc_nodes (
    id            text        PRIMARY KEY,
    address       text        NOT NULL,
    started_at    timestamptz NOT NULL,
    heartbeat_at  timestamptz NOT NULL,
    status        text        NOT NULL,
    dead_at       timestamptz NULL,
    leases_reaped boolean     NOT NULL DEFAULT false
);
CREATE INDEX IF NOT EXISTS rc_nodes_status ON rc_nodes (status, heartbeat_at);
