-- The reform plan's tasks (issue 27). The tasks themselves are data in workflows/plans/; here is what units record
-- about them. A task instance is (plan, task, period): period '' for work done once, '2026-Q2' or '2026' for a task
-- due every quarter or year and for an ongoing task's entry per reporting period.
-- migrate:up
CREATE TABLE plan_task_state (
  plan_id varchar(80) NOT NULL,
  task_id varchar(16) NOT NULL,
  period varchar(7) NOT NULL DEFAULT '',
  status varchar(12) NOT NULL CHECK (status IN ('in_progress', 'done')),
  done_on date,
  version integer NOT NULL DEFAULT 1,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (plan_id, task_id, period),
  CHECK ((status = 'done') = (done_on IS NOT NULL))
);
CREATE TABLE plan_task_entry (
  id bigserial PRIMARY KEY,
  plan_id varchar(80) NOT NULL,
  task_id varchar(16) NOT NULL,
  period varchar(7) NOT NULL DEFAULT '',
  kind varchar(10) NOT NULL CHECK (kind IN ('progress', 'done', 'reopen')),
  note text NOT NULL,
  evidence_ref varchar(300),
  evidence_name varchar(200),
  evidence_type varchar(100),
  evidence_data bytea,
  unit_code varchar(60),
  author_id uuid NOT NULL,
  author_name varchar(200) NOT NULL,
  recorded_at timestamptz NOT NULL
);
CREATE INDEX plan_task_entry_task ON plan_task_entry (plan_id, task_id, period, id);
-- One reminder per instance and kind, however many workers run the job.
CREATE TABLE plan_task_reminder (
  plan_id varchar(80) NOT NULL,
  task_id varchar(16) NOT NULL,
  period varchar(7) NOT NULL DEFAULT '',
  kind varchar(10) NOT NULL CHECK (kind IN ('due_soon', 'overdue')),
  sent_at timestamptz NOT NULL,
  PRIMARY KEY (plan_id, task_id, period, kind)
);

-- migrate:down
DROP TABLE plan_task_reminder;
DROP TABLE plan_task_entry;
DROP TABLE plan_task_state;
