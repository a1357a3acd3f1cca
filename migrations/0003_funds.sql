-- Read models of restructuring funds (omstillingsmidler): the county's grants and the
-- municipality's use of them. Portable SQL (PostgreSQL and SQLite); dates are ISO 8601 text,
-- JSON is text, money is whole øre in BIGINT columns named *_ore.

-- The programmes the funds belong to: period and granting county, for the audit's rules.
CREATE TABLE IF NOT EXISTS fund_programmes (
    programme_id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL,
    name TEXT NOT NULL,
    granting_county_number TEXT NOT NULL,
    lead_municipality_id TEXT NOT NULL,
    period_start TEXT NOT NULL,
    period_end TEXT NOT NULL
);

-- A grant (tilsagn) as it stands: the county that decided it, the application it answers.
CREATE TABLE IF NOT EXISTS grants (
    grant_id TEXT PRIMARY KEY,
    programme_id TEXT NOT NULL,
    tenant_id TEXT NOT NULL,
    county_number TEXT NOT NULL,
    grant_year INTEGER NOT NULL,
    grant_number INTEGER NOT NULL,
    action_plan_id TEXT NOT NULL,
    application_number INTEGER NOT NULL,
    applied_for_ore BIGINT NOT NULL,
    amount_ore BIGINT NOT NULL,
    conditions TEXT NOT NULL,
    use_by TEXT,
    decision TEXT NOT NULL,
    granted_on TEXT NOT NULL,
    aggregate_version BIGINT NOT NULL,
    use_id TEXT,
    use_version BIGINT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (programme_id, grant_year, grant_number)
);
CREATE INDEX IF NOT EXISTS grants_tenant ON grants (tenant_id, grant_year);
CREATE INDEX IF NOT EXISTS grants_county ON grants (county_number, grant_year);
CREATE INDEX IF NOT EXISTS grants_use ON grants (use_id);

-- Every change of a money figure, one row per leg, with the event and decision behind it:
-- the totals are sums of these rows, and the same rows are the chain that explains them.
-- figure: granted, withdrawn, clawed_back, disbursed, allocated, spent, returned.
-- kind: grant, amendment, disbursement, withdrawal, claw_back, allocation, release,
--       reallocation, spending, spending_reversal, return.
CREATE TABLE IF NOT EXISTS fund_movements (
    aggregate_id TEXT NOT NULL,
    aggregate_version BIGINT NOT NULL,
    leg INTEGER NOT NULL,
    grant_id TEXT NOT NULL,
    programme_id TEXT NOT NULL,
    tenant_id TEXT NOT NULL,
    county_number TEXT NOT NULL,
    grant_year INTEGER NOT NULL,
    figure TEXT NOT NULL,
    kind TEXT NOT NULL,
    project_code TEXT,
    focus_area_code TEXT,
    amount_ore BIGINT NOT NULL,
    occurred_on TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    actor TEXT NOT NULL,
    decision TEXT,
    reason TEXT,
    details TEXT NOT NULL,
    PRIMARY KEY (aggregate_id, aggregate_version, leg)
);
CREATE INDEX IF NOT EXISTS fund_movements_grant ON fund_movements (grant_id, figure);
CREATE INDEX IF NOT EXISTS fund_movements_programme ON fund_movements (programme_id, grant_year);
CREATE INDEX IF NOT EXISTS fund_movements_county ON fund_movements (county_number, grant_year);

-- Spending lines from the accounts, with the co-financing beside the county's money.
CREATE TABLE IF NOT EXISTS fund_spending (
    grant_id TEXT NOT NULL,
    line_number INTEGER NOT NULL,
    programme_id TEXT NOT NULL,
    tenant_id TEXT NOT NULL,
    grant_year INTEGER NOT NULL,
    project_code TEXT NOT NULL,
    focus_area_code TEXT NOT NULL,
    amount_ore BIGINT NOT NULL,
    municipality_ore BIGINT NOT NULL,
    innovasjon_norge_ore BIGINT NOT NULL,
    private_ore BIGINT NOT NULL,
    other_public_ore BIGINT NOT NULL,
    period_start TEXT NOT NULL,
    period_end TEXT NOT NULL,
    category TEXT NOT NULL,
    accounts_reference TEXT NOT NULL,
    continuation_work BOOLEAN NOT NULL,
    plan_revision INTEGER,
    comment TEXT,
    reported_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    reversed_at TEXT,
    reversal_reason TEXT,
    PRIMARY KEY (grant_id, line_number)
);
CREATE INDEX IF NOT EXISTS fund_spending_programme ON fund_spending (programme_id, grant_year);

-- Reallocations (omdisponeringer) with the board decision behind each.
CREATE TABLE IF NOT EXISTS fund_reallocations (
    grant_id TEXT NOT NULL,
    aggregate_version BIGINT NOT NULL,
    programme_id TEXT NOT NULL,
    tenant_id TEXT NOT NULL,
    grant_year INTEGER NOT NULL,
    from_project_code TEXT NOT NULL,
    to_project_code TEXT NOT NULL,
    amount_ore BIGINT NOT NULL,
    effective_on TEXT NOT NULL,
    decision TEXT NOT NULL,
    decided_on TEXT NOT NULL,
    reason TEXT NOT NULL,
    actor TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    PRIMARY KEY (grant_id, aggregate_version)
);
