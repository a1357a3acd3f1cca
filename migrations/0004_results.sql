-- Read models of indicators and results (indikatorer og resultater). Portable SQL (PostgreSQL
-- and SQLite); dates are ISO 8601 text, JSON is text, indicator values are exact decimals
-- kept as text (never floats).

-- Every version of every indicator, of the national catalogue (programme_id '') or of a
-- programme's local register. A version is current until superseded or its code retired.
CREATE TABLE IF NOT EXISTS indicator_versions (
    register_id TEXT NOT NULL,
    code TEXT NOT NULL,
    version INTEGER NOT NULL,
    source TEXT NOT NULL,
    programme_id TEXT NOT NULL,
    tenant_id TEXT NOT NULL,
    name_nb TEXT NOT NULL,
    name_en TEXT NOT NULL,
    unit TEXT NOT NULL,
    kind TEXT NOT NULL,
    level TEXT NOT NULL,
    definition TEXT NOT NULL,
    data_source TEXT NOT NULL,
    added_in INTEGER NOT NULL,
    superseded_in INTEGER,
    retired_in INTEGER,
    reason TEXT,
    retire_reason TEXT,
    actor TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    PRIMARY KEY (register_id, code, version)
);
CREATE INDEX IF NOT EXISTS indicator_versions_programme ON indicator_versions (programme_id);

-- Each register's own version: the catalogue's version rises with every change.
CREATE TABLE IF NOT EXISTS indicator_registers (
    register_id TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    programme_id TEXT NOT NULL,
    tenant_id TEXT NOT NULL,
    register_version INTEGER NOT NULL,
    aggregate_version BIGINT NOT NULL,
    updated_at TEXT NOT NULL
);

-- A result series (måleserie): one indicator for one goal or project of a programme.
CREATE TABLE IF NOT EXISTS result_series (
    series_id TEXT PRIMARY KEY,
    programme_id TEXT NOT NULL,
    tenant_id TEXT NOT NULL,
    subject_kind TEXT NOT NULL,
    subject_code TEXT NOT NULL,
    project_id TEXT,
    indicator_code TEXT NOT NULL,
    indicator_source TEXT NOT NULL,
    indicator_version INTEGER NOT NULL,
    indicator_name_nb TEXT NOT NULL,
    unit TEXT NOT NULL,
    kind TEXT NOT NULL,
    level TEXT NOT NULL,
    quarterly BOOLEAN NOT NULL,
    baseline_value TEXT,
    baseline_on TEXT,
    baseline_source TEXT,
    legal_basis TEXT,
    aggregate_version BIGINT NOT NULL,
    opened_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS result_series_programme ON result_series (programme_id);

-- Every value ever set: baselines, targets, actuals and corrections; a later value for the
-- same entry and period supersedes the earlier, which stays as history.
CREATE TABLE IF NOT EXISTS result_values (
    series_id TEXT NOT NULL,
    aggregate_version BIGINT NOT NULL,
    programme_id TEXT NOT NULL,
    tenant_id TEXT NOT NULL,
    entry TEXT NOT NULL,
    period TEXT,
    period_year INTEGER,
    period_quarter INTEGER,
    value TEXT NOT NULL,
    measured_on TEXT,
    source TEXT,
    comment TEXT,
    reason TEXT,
    actor TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    superseded BOOLEAN NOT NULL,
    PRIMARY KEY (series_id, aggregate_version)
);
CREATE INDEX IF NOT EXISTS result_values_programme ON result_values (programme_id, entry);
