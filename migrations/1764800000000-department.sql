-- Reports by department (issue 23): the department each dossier counts for, written by the server with every change
-- (departmentOf in src/modules/dossier/dossier-rules.ts): for a late dossier, the unit owning the step its delay is
-- attributed to — the first late step after the last one that finished in time —, else the first step's owner that
-- is not the centre.
-- migrate:up
ALTER TABLE dossier ADD COLUMN department_code varchar(64);
-- Existing rows by the same rule, as of their last change (the server's `at` is the row's updated_at).
WITH s AS (
  SELECT d.id, d.result_class = 'late' OR (d.result_class IS NULL AND d.condition IN ('overdue', 'overdue_apologized')) AS dossier_late,
         e.ord, e.step->>'ownerCode' AS owner, (e.step->>'finishedAt') IS NOT NULL AS finished, e.step->>'ownerKind' AS kind, (e.step->>'startedAt') IS NOT NULL AS started,
         COALESCE(e.step->>'result' = 'late', false)
           OR ((e.step->>'finishedAt') IS NULL AND (e.step->>'dueAt') IS NOT NULL
               AND (e.step->>'dueAt')::numeric < extract(epoch FROM d.updated_at) * 1000) AS late
  FROM dossier d, jsonb_array_elements(d.state->'steps') WITH ORDINALITY e(step, ord)),
w AS (SELECT s.*, max(ord) FILTER (WHERE started AND NOT late AND finished) OVER (PARTITION BY id) AS last_ok FROM s),
a AS (
  SELECT id, COALESCE(
           (array_agg(owner ORDER BY ord) FILTER (WHERE dossier_late AND started AND late AND ord > COALESCE(last_ok, 0)))[1],
           (array_agg(owner ORDER BY ord) FILTER (WHERE kind <> 'centre'))[1],
           (array_agg(owner ORDER BY ord))[1]) AS code
  FROM w GROUP BY id)
UPDATE dossier d SET department_code = a.code FROM a WHERE a.id = d.id;

-- migrate:down
ALTER TABLE dossier DROP COLUMN department_code;
