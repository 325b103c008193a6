-- Feedback (phản ánh, kiến nghị — PAKN) and its append-only hash-chained event log (issue 6).
-- migrate:up
CREATE TABLE feedback (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code varchar(60) NOT NULL UNIQUE,
  agency_code varchar(60) NOT NULL,
  channel varchar(20) NOT NULL CHECK (channel IN ('portal', 'in_person', 'phone', 'hotline', 'email', 'open311')),
  sender jsonb NOT NULL,
  subject varchar(300) NOT NULL,
  body text NOT NULL,
  about varchar(20) NOT NULL CHECK (about IN ('regulation', 'dossier_handling', 'other')),
  dossier_id uuid REFERENCES dossier (id),
  address varchar(500),
  lat double precision,
  long double precision,
  state jsonb NOT NULL,
  status varchar(20) NOT NULL,
  unit_code varchar(60),
  received_at timestamptz NOT NULL,
  classify_due_at timestamptz NOT NULL,
  due_at timestamptz NOT NULL,
  answer text,
  answered_at timestamptz,
  published_at timestamptz,
  on_time boolean,
  out_of_scope_reason varchar(2000),
  rating varchar(20),
  rated_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  event_count integer NOT NULL DEFAULT 0,
  last_hash char(64) NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX feedback_agency_received ON feedback (agency_code, received_at);
CREATE INDEX feedback_dossier ON feedback (dossier_id) WHERE dossier_id IS NOT NULL;
CREATE INDEX feedback_open_due ON feedback (agency_code, due_at) WHERE published_at IS NULL AND status <> 'out_of_scope';

CREATE TABLE feedback_event (
  feedback_id uuid NOT NULL REFERENCES feedback (id),
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
  PRIMARY KEY (feedback_id, seq)
);
CREATE TRIGGER feedback_event_no_change BEFORE UPDATE OR DELETE ON feedback_event
  FOR EACH ROW EXECUTE FUNCTION dossier_event_append_only();

-- Public submissions per client address, for the abuse limit (kept a day).
CREATE TABLE feedback_submission (
  address varchar(100) NOT NULL,
  at timestamptz NOT NULL
);
CREATE INDEX feedback_submission_address ON feedback_submission (address, at);

-- migrate:down
DROP TABLE feedback_submission;
DROP TRIGGER feedback_event_no_change ON feedback_event;
DROP TABLE feedback_event;
DROP TABLE feedback;
