-- Read models of Videreføring (continuation, seed 001): each programme's stages with owners,
-- deliverable and outcomes, and the cost lines recorded against them; and the year wheel's
-- record of when continuation work started. Portable SQL (PostgreSQL and SQLite); dates are
-- ISO 8601 text, JSON is text, money is whole øre in BIGINT columns named *_ore.

-- The programmes, with the period that sets the deadline (it may be extended).
CREATE TABLE IF NOT EXISTS continuation_programmes (
    programme_id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL,
    name TEXT NOT NULL,
    granting_county_number TEXT NOT NULL,
    lead_municipality_id TEXT NOT NULL,
    period_start TEXT NOT NULL,
    period_end TEXT NOT NULL,
    continuation_id TEXT,
    aggregate_version BIGINT
);

-- Each stage started: owners, planned end, the deliverable and outcomes as last recorded.
CREATE TABLE IF NOT EXISTS continuation_stages (
    programme_id TEXT NOT NULL,
    stage TEXT NOT NULL,
    started_on TEXT NOT NULL,
    planned_end TEXT NOT NULL,
    owners TEXT NOT NULL,
    deliverable TEXT,
    outcomes TEXT NOT NULL,
    completed_on TEXT,
    started_by TEXT NOT NULL,
    start_decision TEXT,
    start_reason TEXT,
    PRIMARY KEY (programme_id, stage)
);

-- Cost lines, reversed ones kept and marked.
CREATE TABLE IF NOT EXISTS continuation_costs (
    programme_id TEXT NOT NULL,
    line_number INTEGER NOT NULL,
    stage TEXT NOT NULL,
    category TEXT NOT NULL,
    amount_ore BIGINT NOT NULL,
    innovasjon_norge_ore BIGINT NOT NULL,
    incurred_on TEXT NOT NULL,
    person_days TEXT,
    financing TEXT NOT NULL,
    description TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    reason TEXT,
    reversed INTEGER NOT NULL,
    reversal_reason TEXT,
    PRIMARY KEY (programme_id, line_number)
);

-- The year wheel: when each programme's continuation work (its forstudie) started, and by
-- which event; the step's calendar year follows from the period's end when read.
CREATE TABLE IF NOT EXISTS year_wheel_continuation (
    programme_id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL,
    started_on TEXT NOT NULL,
    event_type TEXT NOT NULL,
    aggregate_id TEXT NOT NULL,
    aggregate_version BIGINT NOT NULL,
    log_position BIGINT NOT NULL
);
