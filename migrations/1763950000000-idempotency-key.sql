-- Retried POSTs (api.md "Retried writes"): the same key + same body returns the first response.
-- migrate:up
CREATE TABLE idempotency_key (
  scope varchar(100) NOT NULL,
  key varchar(200) NOT NULL,
  request_hash char(64) NOT NULL,
  status integer,
  body jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scope, key)
);
CREATE INDEX idempotency_key_created_at ON idempotency_key (created_at);

-- migrate:down
DROP TABLE idempotency_key;
