-- Early warning for feedback nearing its deadline (issue 6): when, and whether it was sent.
-- migrate:up
ALTER TABLE feedback ADD COLUMN warn_at timestamptz;
ALTER TABLE feedback ADD COLUMN warned_at timestamptz;
CREATE INDEX feedback_warn_pending ON feedback (warn_at) WHERE warned_at IS NULL AND published_at IS NULL;

-- migrate:down
DROP INDEX feedback_warn_pending;
ALTER TABLE feedback DROP COLUMN warned_at;
ALTER TABLE feedback DROP COLUMN warn_at;
