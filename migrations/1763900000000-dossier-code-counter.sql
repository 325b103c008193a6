-- Dossier codes <unitId>-<YYMMDD>-<NNNN>: one counter row per unit per Vietnam day (domain.md §4).
-- migrate:up
CREATE TABLE dossier_code_counter (
  unit_id varchar(32) NOT NULL,
  day date NOT NULL,
  last integer NOT NULL,
  PRIMARY KEY (unit_id, day)
);

-- migrate:down
DROP TABLE dossier_code_counter;
