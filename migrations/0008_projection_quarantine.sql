-- Events a read model could not apply: set aside with the error, the read model went on.
-- Listed by `omstilling projections quarantine`, applied again by `... retry`.
CREATE TABLE IF NOT EXISTS projection_quarantine (
    projection TEXT NOT NULL,
    notification_id BIGINT NOT NULL,
    originator_id TEXT NOT NULL,
    originator_version BIGINT NOT NULL,
    topic TEXT NOT NULL,
    tenant_id TEXT,
    error TEXT NOT NULL,
    quarantined_at TEXT NOT NULL,
    retried_at TEXT,
    resolved_at TEXT,
    PRIMARY KEY (projection, notification_id)
);
CREATE INDEX IF NOT EXISTS projection_quarantine_open ON projection_quarantine (projection)
    WHERE resolved_at IS NULL;
-- A command asks whether any read model set its own events aside.
CREATE INDEX IF NOT EXISTS projection_quarantine_event ON projection_quarantine (notification_id);
