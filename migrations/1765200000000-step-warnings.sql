-- Warnings per step and the apology reminder (issue 24): the owner of a step is warned before the step's own limit,
-- and the owner of a dossier not yet apologised for is reminded when its apology (form 04) falls due. Each has its
-- trigger instant and its "given" mark, claimed by the sweep like warned_at. Open dossiers get their step's instant
-- at their next action (computing it needs the working calendar).
-- migrate:up
ALTER TABLE dossier ADD COLUMN step_warn_at timestamptz;
ALTER TABLE dossier ADD COLUMN step_warned_at timestamptz;
ALTER TABLE dossier ADD COLUMN apology_reminded_at timestamptz;
CREATE INDEX dossier_step_warn_pending ON dossier (step_warn_at) WHERE clock = 'running' AND step_warned_at IS NULL;
CREATE INDEX dossier_apology_remind_pending ON dossier (apology_due_by)
  WHERE clock = 'running' AND condition = 'on_time' AND apology_reminded_at IS NULL;
-- The inbox is the step owner's: its "nearly due" badge reads the step's warning too, from the index as before.
DROP INDEX dossier_inbox;
CREATE INDEX dossier_inbox ON dossier (step_owner_code, step_due_at, code) INCLUDE (status, condition, warn_at, step_warn_at, procedure_code)
  WHERE finished_at IS NULL;
-- Feedback: classification and forwarding each warn before their own limit.
ALTER TABLE feedback ADD COLUMN step_warn_at timestamptz;
ALTER TABLE feedback ADD COLUMN step_warned_at timestamptz;
CREATE INDEX feedback_step_warn_pending ON feedback (step_warn_at) WHERE step_warned_at IS NULL;

-- migrate:down
DROP INDEX dossier_inbox;
CREATE INDEX dossier_inbox ON dossier (step_owner_code, step_due_at, code) INCLUDE (status, condition, warn_at, procedure_code)
  WHERE finished_at IS NULL;
DROP INDEX feedback_step_warn_pending;
ALTER TABLE feedback DROP COLUMN step_warned_at;
ALTER TABLE feedback DROP COLUMN step_warn_at;
DROP INDEX dossier_apology_remind_pending;
DROP INDEX dossier_step_warn_pending;
ALTER TABLE dossier DROP COLUMN apology_reminded_at;
ALTER TABLE dossier DROP COLUMN step_warned_at;
ALTER TABLE dossier DROP COLUMN step_warn_at;
