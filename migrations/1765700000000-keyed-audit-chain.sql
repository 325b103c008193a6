-- The audit chain is keyed (issue 25): each event's hash is an HMAC under a server key kept outside the database,
-- named by key_id, so rewriting an event and recomputing the rest no longer verifies. The events hashed before
-- (key_id null) are closed at the next start by a seal per record, a MAC under the key of how many there are and the
-- last one's hash (audit_seal): they cannot be rewritten either, nor later events passed off as them.
-- migrate:up
ALTER TABLE dossier_event ADD COLUMN key_id char(8);
ALTER TABLE feedback_event ADD COLUMN key_id char(8);
CREATE TABLE audit_seal (
  log varchar(20) NOT NULL,
  owner_id uuid NOT NULL,
  events integer NOT NULL,
  last_hash char(64) NOT NULL,
  key_id char(8) NOT NULL,
  mac char(64) NOT NULL,
  sealed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (log, owner_id)
);

-- migrate:down
DROP TABLE audit_seal;
ALTER TABLE feedback_event DROP COLUMN key_id;
ALTER TABLE dossier_event DROP COLUMN key_id;
