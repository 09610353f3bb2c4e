-- The request ledger: one row per request any node answered. The whole record is kept as jsonb;
-- the columns beside it exist for filtering and for ad-hoc SQL. seq only orders rows that share a
-- timestamp (insertion order); it carries no meaning across nodes.
CREATE TABLE IF NOT EXISTS rc_requests (
    id              text        PRIMARY KEY,
    seq             bigint      GENERATED ALWAYS AS IDENTITY,
    time            timestamptz NOT NULL,
    node            text        NOT NULL,
    tenant          text        NOT NULL,
    front_door      text        NOT NULL,
    requested_model text        NOT NULL,
    role            text        NULL,
    status          integer     NOT NULL,
    outcome         text        NOT NULL,
    model           text        NULL,
    credential      text        NULL,
    record          jsonb       NOT NULL
);
CREATE INDEX IF NOT EXISTS rc_requests_time ON rc_requests (time DESC, seq DESC);
CREATE INDEX IF NOT EXISTS rc_requests_role_time ON rc_requests (role, time DESC);
