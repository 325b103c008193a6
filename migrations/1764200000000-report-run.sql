-- Periodic reports produced on each plan's cadence (issue 5): one row per commune, form and period.
-- migrate:up
CREATE TABLE report_run (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_code varchar(60) NOT NULL,
  form varchar(20) NOT NULL,
  period varchar(10) NOT NULL,
  from_date date NOT NULL,
  to_date date NOT NULL,
  due_on date NOT NULL,
  produced_at timestamptz NOT NULL,
  data jsonb NOT NULL,
  UNIQUE (agency_code, form, period)
);

-- migrate:down
DROP TABLE report_run;
