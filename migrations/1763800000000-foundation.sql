-- Foundation: agencies, users, login attempts, published procedure versions, metadata.
-- migrate:up
CREATE TABLE agency (
  code varchar(64) PRIMARY KEY,
  name text NOT NULL,
  level varchar(16) NOT NULL CHECK (level IN ('province', 'commune', 'department')),
  parent_code varchar(64) REFERENCES agency (code),
  province_code varchar(64) NOT NULL,
  commune_code varchar(64),
  kind varchar(32),
  unit_id varchar(32) NOT NULL,
  active boolean NOT NULL DEFAULT true,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE app_user (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  username varchar(64) NOT NULL UNIQUE,
  full_name text NOT NULL,
  password_hash text NOT NULL,
  roles text[] NOT NULL,
  -- NULL: a system administrator who sees every agency.
  agency_code varchar(64) REFERENCES agency (code),
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE login_attempt (
  id bigserial PRIMARY KEY,
  username varchar(64) NOT NULL,
  ip varchar(64) NOT NULL,
  at timestamptz NOT NULL,
  success boolean NOT NULL
);
CREATE INDEX login_attempt_username_at ON login_attempt (username, at);
CREATE INDEX login_attempt_ip_at ON login_attempt (ip, at);

-- A procedure definition as published: a dossier pins (code, version); content never changes under a version.
CREATE TABLE procedure_version (
  code varchar(16) NOT NULL,
  version integer NOT NULL,
  hash char(64) NOT NULL,
  name text NOT NULL,
  field text NOT NULL,
  definition jsonb NOT NULL,
  published_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (code, version)
);

CREATE TABLE app_meta (
  key varchar(64) PRIMARY KEY,
  value text NOT NULL
);

-- migrate:down
DROP TABLE app_meta;
DROP TABLE procedure_version;
DROP TABLE login_attempt;
DROP TABLE app_user;
DROP TABLE agency;
