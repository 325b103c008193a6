-- Past periods do not change (issue 24): a quarter's report recomputed later must equal the one sent upward, so the
-- overdue and in-progress figures of a past period read the reporting due and the waits as they were at its end.
-- clock_history (null for the many dossiers without either): {"due": [[at ms, due before ms], …], "waits": [[from ms,
-- until ms | null], …]}. The waits of existing dossiers are known from their state; their earlier dues are not (they
-- count with the due they have now, as before).
-- migrate:up
ALTER TABLE dossier ADD COLUMN clock_history jsonb;
-- Their daily rollups are redone with it (rollup_dirty), so that both ways of counting keep agreeing.
UPDATE dossier SET clock_history = jsonb_build_object('due', '[]'::jsonb, 'waits',
    (SELECT jsonb_agg(jsonb_build_array(w->'requestedAt', w->'resumedAt')) FROM jsonb_array_elements(state->'waits') w)),
  rollup_dirty = true
  WHERE jsonb_array_length(state->'waits') > 0;

-- The reporting due as it was at `t`: the due before the first move at or after `t`, else the due now.
CREATE FUNCTION dossier_due_as_of(history jsonb, due timestamptz, t timestamptz) RETURNS timestamptz
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT COALESCE(
    (SELECT to_timestamp((c->>1)::float8 / 1000) FROM jsonb_array_elements(history->'due') c
      WHERE (c->>0)::float8 >= extract(epoch FROM t) * 1000 ORDER BY (c->>0)::float8 LIMIT 1),
    due)
$$;
-- Waiting for the citizen at `t` (a wait begun before `t` and not ended before it).
CREATE FUNCTION dossier_waiting_at(history jsonb, t timestamptz) RETURNS boolean
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT EXISTS (SELECT 1 FROM jsonb_array_elements(history->'waits') w
    WHERE (w->>0)::float8 < extract(epoch FROM t) * 1000 AND (w->>1 IS NULL OR (w->>1)::float8 >= extract(epoch FROM t) * 1000))
$$;

-- migrate:down
DROP FUNCTION dossier_waiting_at(jsonb, timestamptz);
DROP FUNCTION dossier_due_as_of(jsonb, timestamptz, timestamptz);
ALTER TABLE dossier DROP COLUMN clock_history;
