-- NĐ 118/2025: a centre receives dossiers regardless of administrative boundary within the province, so the unit that
-- received a dossier can differ from the agency that decides it (issue 24). Existing dossiers were received where they
-- are decided. The index serves the few dossiers received across a boundary (reports move their receptions).
-- migrate:up
ALTER TABLE dossier ADD COLUMN receiving_agency_code varchar(60);
UPDATE dossier SET receiving_agency_code = agency_code;
ALTER TABLE dossier ALTER COLUMN receiving_agency_code SET NOT NULL;
CREATE INDEX dossier_received_across_idx ON dossier (receiving_agency_code, received_at) WHERE receiving_agency_code <> agency_code;
CREATE INDEX dossier_decided_across_idx ON dossier (agency_code, received_at) WHERE receiving_agency_code <> agency_code;
-- The centre that received a dossier hands its result back and takes the citizen's papers and fees (the inbox).
DROP INDEX dossier_centre_pending;
CREATE INDEX dossier_centre_pending ON dossier (receiving_agency_code, step_due_at, code)
  WHERE finished_at IS NULL AND (resolved_at IS NOT NULL OR status IN ('awaiting_supplement', 'awaiting_payment'));

-- migrate:down
DROP INDEX dossier_centre_pending;
CREATE INDEX dossier_centre_pending ON dossier (agency_code, step_due_at, code)
  WHERE finished_at IS NULL AND (resolved_at IS NOT NULL OR status IN ('awaiting_supplement', 'awaiting_payment'));
DROP INDEX dossier_decided_across_idx;
DROP INDEX dossier_received_across_idx;
ALTER TABLE dossier DROP COLUMN receiving_agency_code;
