-- Daily indicator rollups (issue 5): per commune, procedure and Vietnam day, counts of events on that day and
-- changes of the open / overdue sets; kept in step with the dossiers by the rollup job (docs/REPORTS.md).
-- migrate:up
CREATE TABLE dossier_day (
  agency_code varchar(60) NOT NULL,
  procedure_code varchar(20) NOT NULL,
  day date NOT NULL,
  metric varchar(24) NOT NULL,
  n integer NOT NULL,
  PRIMARY KEY (agency_code, day, procedure_code, metric)
);

-- The same by calendar month, so long periods read a few rows per month instead of one per day.
CREATE TABLE dossier_month (
  agency_code varchar(60) NOT NULL,
  procedure_code varchar(20) NOT NULL,
  month date NOT NULL,
  metric varchar(24) NOT NULL,
  n integer NOT NULL,
  PRIMARY KEY (agency_code, month, procedure_code, metric)
);

-- What each dossier last contributed, so a change applies only the difference; dirty until the job catches up.
ALTER TABLE dossier ADD COLUMN rollup_basis jsonb;
ALTER TABLE dossier ADD COLUMN rollup_dirty boolean NOT NULL DEFAULT true;
CREATE INDEX dossier_rollup_dirty ON dossier (id) WHERE rollup_dirty;

-- migrate:down
DROP INDEX dossier_rollup_dirty;
ALTER TABLE dossier DROP COLUMN rollup_dirty;
ALTER TABLE dossier DROP COLUMN rollup_basis;
DROP TABLE dossier_month;
DROP TABLE dossier_day;
