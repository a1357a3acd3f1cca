-- Population figures (folkemengde) per municipality and year, with the import each came from.
-- Portable SQL (PostgreSQL and SQLite); dates ISO 8601 text, JSON as text. The national
-- comparison reads these beside the other read models and keeps no table of its own.

-- Every import of a population file: its source, file name and SHA-256, who and when.
CREATE TABLE IF NOT EXISTS population_imports (
    import_number INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    file_name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    imported_on TEXT NOT NULL,
    imported_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    figure_count INTEGER NOT NULL
);

-- Every figure of every import: the current one for a municipality and year is the one of the
-- latest import; earlier ones are its history (superseded, never overwritten).
CREATE TABLE IF NOT EXISTS population_figures (
    municipality_id TEXT NOT NULL,
    population_year INTEGER NOT NULL,
    import_number INTEGER NOT NULL,
    municipality_number TEXT NOT NULL,
    population BIGINT NOT NULL,
    PRIMARY KEY (municipality_id, population_year, import_number)
);
CREATE INDEX IF NOT EXISTS population_figures_year ON population_figures (population_year);
