-- Reception outcomes that are not accepted dossiers (domain.md §5): incomplete → form 02, out of scope → form 03.
-- They get no dossier code and no clock, but the centre must be able to reprint and count them.
-- migrate:up
CREATE TABLE reception_slip (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind varchar(20) NOT NULL CHECK (kind IN ('incomplete', 'out_of_scope')),
  agency_code varchar(60) NOT NULL,
  procedure_code varchar(20) NOT NULL,
  channel varchar(10) NOT NULL CHECK (channel IN ('direct', 'online', 'postal')),
  applicant jsonb NOT NULL,
  missing jsonb NOT NULL DEFAULT '[]',
  reason varchar(2000),
  created_by uuid,
  created_by_name varchar(200) NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX reception_slip_agency ON reception_slip (agency_code, created_at);

-- migrate:down
DROP TABLE reception_slip;
