-- One row per entity (credential, provider, ...). The state is the entity's immutable record as
-- JSON; every write bumps version and is conditional on the version read (compare-and-swap).
CREATE TABLE IF NOT EXISTS rc_entities (
    kind        text        NOT NULL,
    id          text        NOT NULL,
    version     bigint      NOT NULL,
    state       jsonb       NOT NULL,
    updated_at  timestamptz NOT NULL,
    PRIMARY KEY (kind, id)
);
