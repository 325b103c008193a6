-- The statutory clock moved into the dossier machine (issue 26): its context carries `clock` (running, paused,
-- stopped), as the state's own `clock` field and the `clock` column already did. Stored snapshots get it from there.
-- migrate:up
UPDATE dossier SET state = jsonb_set(state, '{machine,context,clock}', state -> 'clock')
WHERE state -> 'machine' -> 'context' -> 'clock' IS NULL;

-- migrate:down
UPDATE dossier SET state = state #- '{machine,context,clock}';
