-- Read models of the foundation: programme directory, plan state and versions, audit trail.
-- Portable SQL (PostgreSQL and SQLite); timestamps are ISO 8601 text in UTC, JSON is text.

CREATE TABLE IF NOT EXISTS programmes (
    programme_id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    phase TEXT NOT NULL,
    period_start TEXT NOT NULL,
    period_end TEXT NOT NULL,
    granting_county_number TEXT NOT NULL,
    lead_municipality_id TEXT NOT NULL,
    status_decision TEXT,
    version BIGINT NOT NULL,
    registered_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS programmes_tenant ON programmes (tenant_id);
CREATE INDEX IF NOT EXISTS programmes_granting_county ON programmes (granting_county_number);

CREATE TABLE IF NOT EXISTS programme_municipalities (
    programme_id TEXT NOT NULL,
    municipality_id TEXT NOT NULL,
    is_lead INTEGER NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (programme_id, municipality_id)
);

CREATE TABLE IF NOT EXISTS plans (
    plan_id TEXT PRIMARY KEY,
    programme_id TEXT NOT NULL UNIQUE,
    tenant_id TEXT NOT NULL,
    status TEXT NOT NULL,
    version_number INTEGER NOT NULL,
    content TEXT NOT NULL,
    warnings TEXT NOT NULL,
    in_force_version INTEGER,
    in_force_from TEXT,
    aggregate_version BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS plans_tenant ON plans (tenant_id);

CREATE TABLE IF NOT EXISTS plan_versions (
    plan_id TEXT NOT NULL,
    version_number INTEGER NOT NULL,
    tenant_id TEXT NOT NULL,
    status TEXT NOT NULL,
    content TEXT NOT NULL,
    changes TEXT NOT NULL,
    started_at TEXT NOT NULL,
    started_reason TEXT,
    started_by TEXT,
    approved_by TEXT,
    adopted_by TEXT,
    effective_from TEXT,
    superseded_from TEXT,
    PRIMARY KEY (plan_id, version_number)
);

CREATE TABLE IF NOT EXISTS audit_trail (
    position BIGINT PRIMARY KEY,
    tenant_id TEXT NOT NULL,
    aggregate_id TEXT NOT NULL,
    aggregate_type TEXT NOT NULL,
    aggregate_version BIGINT NOT NULL,
    event_type TEXT NOT NULL,
    actor_user_id TEXT NOT NULL,
    actor_name TEXT NOT NULL,
    actor_role TEXT NOT NULL,
    actor_tenant TEXT NOT NULL,
    occurred_at TEXT NOT NULL,
    reason TEXT,
    decision TEXT,
    decision_body TEXT,
    decision_case_number TEXT,
    summary TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_trail_tenant ON audit_trail (tenant_id, position);
CREATE INDEX IF NOT EXISTS audit_trail_aggregate ON audit_trail (aggregate_id, position);
CREATE INDEX IF NOT EXISTS audit_trail_occurred ON audit_trail (occurred_at);
