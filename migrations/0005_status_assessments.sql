-- Read models of the programme status assessment (programstatusvurdering, PSV), held each
-- October. Portable SQL (PostgreSQL and SQLite); dates are ISO 8601 text, JSON is text,
-- scores and weights that are not whole numbers are exact decimals as text ("4.17").

-- The programmes assessed: name, tenant and period, kept from the programme's own events.
CREATE TABLE IF NOT EXISTS assessment_programmes (
    programme_id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL,
    name TEXT NOT NULL,
    granting_county_number TEXT NOT NULL,
    lead_municipality_id TEXT NOT NULL,
    period_start TEXT NOT NULL,
    period_end TEXT NOT NULL
);

-- One assessment per programme and year, with its scores as they now stand (after corrections)
-- and the weighting recorded when it was held.
CREATE TABLE IF NOT EXISTS assessments (
    assessment_id TEXT PRIMARY KEY,
    programme_id TEXT NOT NULL,
    tenant_id TEXT NOT NULL,
    assessment_year INTEGER NOT NULL,
    programme_year INTEGER NOT NULL,
    held_on TEXT NOT NULL,
    template_version TEXT NOT NULL,
    process_percent INTEGER NOT NULL,
    effect_percent INTEGER NOT NULL,
    process_score TEXT NOT NULL,
    effect_score TEXT NOT NULL,
    weighted_score TEXT NOT NULL,
    conclusions TEXT,
    concluded_at TEXT,
    recorded_by TEXT NOT NULL,
    reason TEXT,
    aggregate_version BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (programme_id, assessment_year)
);
CREATE INDEX IF NOT EXISTS assessments_tenant ON assessments (tenant_id, assessment_year);

-- Who took part: the programme, the county, Innovasjon Norge and the external process leader.
CREATE TABLE IF NOT EXISTS assessment_participants (
    assessment_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    organisation TEXT NOT NULL,
    party_role TEXT NOT NULL,
    PRIMARY KEY (assessment_id, position)
);

-- The twelve scores as they now stand.
CREATE TABLE IF NOT EXISTS assessment_scores (
    assessment_id TEXT NOT NULL,
    indicator TEXT NOT NULL,
    dimension TEXT NOT NULL,
    position INTEGER NOT NULL,
    score INTEGER NOT NULL,
    comment TEXT NOT NULL,
    corrections INTEGER NOT NULL,
    PRIMARY KEY (assessment_id, indicator)
);

-- Every score as recorded at the meeting and every correction after it, with who and why:
-- kind is 'held' or 'correction'.
CREATE TABLE IF NOT EXISTS assessment_score_history (
    assessment_id TEXT NOT NULL,
    aggregate_version BIGINT NOT NULL,
    indicator TEXT NOT NULL,
    kind TEXT NOT NULL,
    score INTEGER NOT NULL,
    comment TEXT NOT NULL,
    reason TEXT,
    actor TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    PRIMARY KEY (assessment_id, aggregate_version, indicator)
);

-- Follow-up actions (oppfølgingstiltak) from the conclusions, and when each was done.
CREATE TABLE IF NOT EXISTS assessment_follow_ups (
    assessment_id TEXT NOT NULL,
    action_number INTEGER NOT NULL,
    what TEXT NOT NULL,
    responsible TEXT NOT NULL,
    due_on TEXT NOT NULL,
    done_on TEXT,
    done_by TEXT,
    completed_at TEXT,
    PRIMARY KEY (assessment_id, action_number)
);

-- Omstillingsplan revisions (the October review) that cite an assessment.
CREATE TABLE IF NOT EXISTS assessment_citations (
    plan_id TEXT NOT NULL,
    version_number INTEGER NOT NULL,
    assessment_id TEXT NOT NULL,
    programme_id TEXT NOT NULL,
    cited_at TEXT NOT NULL,
    PRIMARY KEY (plan_id, version_number)
);
CREATE INDEX IF NOT EXISTS assessment_citations_assessment ON assessment_citations (assessment_id);
