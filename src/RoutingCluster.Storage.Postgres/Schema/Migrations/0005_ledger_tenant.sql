-- A tenant key reads only its own records (/admin/requests, /admin/stats): filter by tenant, newest first.
CREATE INDEX IF NOT EXISTS rc_requests_tenant_time ON rc_requests (tenant, time DESC);
