-- Public submissions per address are counted by the route's rate limit (@fastify/rate-limit, in Redis when there is
-- one, shared by every API process), no longer in this table (issue 25).
-- migrate:up
DROP TABLE feedback_submission;

-- migrate:down
CREATE TABLE feedback_submission (
  address varchar(100) NOT NULL,
  at timestamptz NOT NULL
);
CREATE INDEX feedback_submission_address ON feedback_submission (address, at);
