-- Read models of the Handlingsplan, its projects and the year wheel (årshjul).
-- Portable SQL (PostgreSQL and SQLite); dates and timestamps are ISO 8601 text, JSON is text,
-- money is whole øre in BIGINT columns named *_ore.

-- The Handlingsplan per programme and year, as it stands now.
CREATE TABLE IF NOT EXISTS action_plans (
    action_plan_id TEXT PRIMARY KEY,
    programme_id TEXT NOT NULL,
    tenant_id TEXT NOT NULL,
    plan_year INTEGER NOT NULL,
    status TEXT NOT NULL,
    revision INTEGER NOT NULL,
    in_effect_revision INTEGER,
    in_effect_from TEXT,
    board_decided_on TEXT,
    put_into_effect_on TEXT,
    aggregate_version BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (programme_id, plan_year)
);
CREATE INDEX IF NOT EXISTS action_plans_tenant ON action_plans (tenant_id, plan_year);

-- Every revision in full: 1 as decided and approved, 2, 3, ... as revised during the year.
-- status: draft, board_decided, council_approved, in_effect, superseded or abandoned.
CREATE TABLE IF NOT EXISTS action_plan_revisions (
    action_plan_id TEXT NOT NULL,
    revision INTEGER NOT NULL,
    tenant_id TEXT NOT NULL,
    status TEXT NOT NULL,
    plan_id TEXT NOT NULL,
    plan_version INTEGER NOT NULL,
    focus_area_codes TEXT NOT NULL,
    earlier_results TEXT NOT NULL,
    resources_and_financing TEXT NOT NULL,
    strategies TEXT NOT NULL,
    communication_plan TEXT NOT NULL,
    total_budget_ore BIGINT NOT NULL,
    total_financing_ore BIGINT NOT NULL,
    funding_gap_ore BIGINT NOT NULL,
    changes TEXT NOT NULL,
    started_at TEXT NOT NULL,
    started_reason TEXT,
    decided_by TEXT,
    approved_by TEXT,
    effective_from TEXT,
    superseded_from TEXT,
    PRIMARY KEY (action_plan_id, revision)
);

-- The measures (tiltak) of each revision: a project on a focus area with its budget.
CREATE TABLE IF NOT EXISTS action_plan_measures (
    action_plan_id TEXT NOT NULL,
    revision INTEGER NOT NULL,
    project_code TEXT NOT NULL,
    tenant_id TEXT NOT NULL,
    focus_area_code TEXT NOT NULL,
    position INTEGER NOT NULL,
    budget_ore BIGINT NOT NULL,
    financed_ore BIGINT NOT NULL,
    funding_gap_ore BIGINT NOT NULL,
    PRIMARY KEY (action_plan_id, revision, project_code)
);

-- A measure's financing, one row per funding source.
CREATE TABLE IF NOT EXISTS action_plan_financing (
    action_plan_id TEXT NOT NULL,
    revision INTEGER NOT NULL,
    project_code TEXT NOT NULL,
    source TEXT NOT NULL,
    tenant_id TEXT NOT NULL,
    amount_ore BIGINT NOT NULL,
    PRIMARY KEY (action_plan_id, revision, project_code, source)
);

-- The municipality's applications to the county for the year's restructuring funds.
CREATE TABLE IF NOT EXISTS fund_applications (
    action_plan_id TEXT NOT NULL,
    application_number INTEGER NOT NULL,
    tenant_id TEXT NOT NULL,
    programme_id TEXT NOT NULL,
    plan_year INTEGER NOT NULL,
    applied_on TEXT NOT NULL,
    revision INTEGER NOT NULL,
    total_ore BIGINT NOT NULL,
    lines TEXT NOT NULL,
    reason TEXT,
    decision TEXT,
    actor TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    PRIMARY KEY (action_plan_id, application_number)
);
CREATE INDEX IF NOT EXISTS fund_applications_tenant ON fund_applications (tenant_id, plan_year);

-- Projects as they stand now.
CREATE TABLE IF NOT EXISTS projects (
    project_id TEXT PRIMARY KEY,
    programme_id TEXT NOT NULL,
    tenant_id TEXT NOT NULL,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    focus_area_code TEXT NOT NULL,
    plan_id TEXT NOT NULL,
    plan_version INTEGER NOT NULL,
    status TEXT NOT NULL,
    mandate TEXT NOT NULL,
    scores TEXT NOT NULL,
    weights TEXT,
    weighted_score TEXT,
    prioritised_by TEXT,
    approved_by TEXT,
    started_on TEXT,
    ended_on TEXT,
    end_reason TEXT,
    ended_by TEXT,
    aggregate_version BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (programme_id, code)
);
CREATE INDEX IF NOT EXISTS projects_tenant ON projects (tenant_id);

CREATE TABLE IF NOT EXISTS project_milestones (
    project_id TEXT NOT NULL,
    milestone_number TEXT NOT NULL,
    tenant_id TEXT NOT NULL,
    programme_id TEXT NOT NULL,
    milestone_order INTEGER NOT NULL,
    name TEXT NOT NULL,
    criterion TEXT NOT NULL,
    due_on TEXT NOT NULL,
    completed_on TEXT,
    completed_by TEXT,
    evidence TEXT,
    PRIMARY KEY (project_id, milestone_number)
);
CREATE INDEX IF NOT EXISTS project_milestones_due ON project_milestones (due_on);

-- One row per prioritisation: the decision, and the weights it used.
CREATE TABLE IF NOT EXISTS prioritisations (
    prioritisation_id TEXT PRIMARY KEY,
    programme_id TEXT NOT NULL,
    tenant_id TEXT NOT NULL,
    decision TEXT NOT NULL,
    decided_on TEXT NOT NULL,
    decision_case_number TEXT NOT NULL,
    weights TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS prioritisations_programme ON prioritisations (programme_id, decided_on);

-- The candidates a prioritisation ranked, best first; equal points share a position.
CREATE TABLE IF NOT EXISTS prioritisation_ranking (
    prioritisation_id TEXT NOT NULL,
    project_id TEXT NOT NULL,
    programme_id TEXT NOT NULL,
    tenant_id TEXT NOT NULL,
    project_code TEXT NOT NULL,
    points INTEGER NOT NULL,
    weighted_score TEXT NOT NULL,
    rank_position INTEGER NOT NULL,
    scores TEXT NOT NULL,
    PRIMARY KEY (prioritisation_id, project_id)
);

-- The year wheel: the programmes whose years it follows ...
CREATE TABLE IF NOT EXISTS year_wheel_programmes (
    programme_id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL,
    name TEXT NOT NULL,
    granting_county_number TEXT NOT NULL,
    lead_municipality_id TEXT NOT NULL,
    period_start TEXT NOT NULL,
    period_end TEXT NOT NULL
);

-- ... which programme and year each Handlingsplan belongs to ...
CREATE TABLE IF NOT EXISTS year_wheel_plans (
    action_plan_id TEXT PRIMARY KEY,
    programme_id TEXT NOT NULL,
    plan_year INTEGER NOT NULL
);

-- ... and each step of a calendar year done, with the event that did it.
CREATE TABLE IF NOT EXISTS year_wheel_steps (
    programme_id TEXT NOT NULL,
    wheel_year INTEGER NOT NULL,
    step TEXT NOT NULL,
    tenant_id TEXT NOT NULL,
    done_on TEXT NOT NULL,
    event_type TEXT NOT NULL,
    aggregate_id TEXT NOT NULL,
    aggregate_version BIGINT NOT NULL,
    log_position BIGINT NOT NULL,
    PRIMARY KEY (programme_id, wheel_year, step)
);
