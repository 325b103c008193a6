-- Rule sets are pinned like procedures (issue 24: past periods do not change): a dossier keeps the rule set it was
-- received under, and the values under a rule set's id never change once published (a changed value is a new rule
-- set, with its own id and effective date). The content stays readable for its dossiers if the file is removed.
-- migrate:up
CREATE TABLE rule_set_version (
  id varchar(60) PRIMARY KEY,
  hash char(64) NOT NULL,
  content jsonb NOT NULL,
  published_at timestamptz NOT NULL DEFAULT now()
);

-- migrate:down
DROP TABLE rule_set_version;
