-- Dossiers (hồ sơ), their append-only hash-chained event log, and the outbox for notifications.
-- migrate:up
CREATE TABLE dossier (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code varchar(60) NOT NULL UNIQUE,
  -- The commune (or ward) whose centre received it; departments see it through the commune scope.
  agency_code varchar(60) NOT NULL,
  procedure_code varchar(20) NOT NULL,
  procedure_version integer NOT NULL,
  rule_set_id varchar(60) NOT NULL,
  channel varchar(10) NOT NULL CHECK (channel IN ('direct', 'online', 'postal')),
  applicant jsonb NOT NULL,
  applicant_name varchar(200) NOT NULL,
  applicant_id_number varchar(20) NOT NULL,
  subject varchar(500),
  documents jsonb NOT NULL DEFAULT '[]',
  -- The rules' full state (machine snapshot, steps, apologies, waits); the columns below are its queryable copy.
  state jsonb NOT NULL,
  status varchar(30) NOT NULL,
  condition varchar(30) NOT NULL,
  clock varchar(10) NOT NULL,
  step_id varchar(60),
  step_owner_code varchar(60),
  step_due_at timestamptz,
  received_at timestamptz NOT NULL,
  due_at timestamptz NOT NULL,
  original_due_at timestamptz NOT NULL,
  overdue_at timestamptz,
  warn_at timestamptz,
  warned_at timestamptz,
  apology_due_by timestamptz,
  apology_count integer NOT NULL DEFAULT 0,
  outcome varchar(10),
  resolved_at timestamptz,
  result_class varchar(10),
  finished_at timestamptz,
  returned_at timestamptz,
  online_payment boolean,
  electronic_result boolean,
  rating varchar(20),
  rating_comment varchar(1000),
  rated_at timestamptz,
  imported boolean NOT NULL DEFAULT false,
  version integer NOT NULL DEFAULT 1,
  event_count integer NOT NULL DEFAULT 0,
  last_hash char(64) NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dossier_agency_received ON dossier (agency_code, received_at);
CREATE INDEX dossier_agency_status ON dossier (agency_code, status);
CREATE INDEX dossier_procedure ON dossier (procedure_code);
-- The sweep reads only these partial indexes, so its cost follows the dossiers due now, not the open total.
CREATE INDEX dossier_overdue_pending ON dossier (overdue_at) WHERE clock = 'running' AND condition IN ('on_time', 'apologized');
CREATE INDEX dossier_warn_pending ON dossier (warn_at) WHERE clock = 'running' AND warned_at IS NULL;
CREATE INDEX dossier_open_due ON dossier (agency_code, due_at) WHERE finished_at IS NULL;

CREATE TABLE dossier_event (
  dossier_id uuid NOT NULL REFERENCES dossier (id),
  seq integer NOT NULL,
  action varchar(40) NOT NULL,
  actor_id uuid,
  actor_name varchar(200) NOT NULL,
  at timestamptz NOT NULL,
  from_status varchar(60),
  to_status varchar(60) NOT NULL,
  payload jsonb NOT NULL DEFAULT '{}',
  note varchar(2000),
  prev_hash char(64) NOT NULL,
  hash char(64) NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (dossier_id, seq)
);

-- The log is append-only: no role used by the application can change or delete a row.
CREATE FUNCTION dossier_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'dossier_event is append-only';
END
$$;
CREATE TRIGGER dossier_event_no_change BEFORE UPDATE OR DELETE ON dossier_event
  FOR EACH ROW EXECUTE FUNCTION dossier_event_append_only();

-- Side effects written in the same transaction as the change; delivered by a job, so a Redis outage loses none.
CREATE TABLE outbox (
  id bigserial PRIMARY KEY,
  topic varchar(40) NOT NULL,
  payload jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  available_at timestamptz NOT NULL DEFAULT now(),
  attempts integer NOT NULL DEFAULT 0,
  last_error varchar(1000),
  delivered_at timestamptz
);
CREATE INDEX outbox_pending ON outbox (available_at) WHERE delivered_at IS NULL;

-- Delivered notifications (the "recorded" adapter writes here; the SMTP adapter also keeps a copy).
CREATE TABLE notification (
  id bigserial PRIMARY KEY,
  outbox_id bigint NOT NULL UNIQUE REFERENCES outbox (id),
  dossier_id uuid REFERENCES dossier (id),
  agency_code varchar(60),
  audience varchar(20) NOT NULL,
  recipient varchar(200),
  channel varchar(20) NOT NULL,
  kind varchar(40) NOT NULL,
  subject varchar(300) NOT NULL,
  body text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notification_dossier ON notification (dossier_id);
CREATE INDEX notification_agency ON notification (agency_code, created_at);

-- migrate:down
DROP TABLE notification;
DROP TABLE outbox;
DROP TRIGGER dossier_event_no_change ON dossier_event;
DROP FUNCTION dossier_event_append_only();
DROP TABLE dossier_event;
DROP TABLE dossier;
