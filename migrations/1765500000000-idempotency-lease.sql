-- A pending Idempotency-Key is held under a lease its request renews while it runs (issue 25): a request that died
-- (kill -9, a lost database connection) no longer blocks the key for the 7 days until the purge.
-- migrate:up
ALTER TABLE idempotency_key ADD COLUMN lease_until timestamptz;
UPDATE idempotency_key SET lease_until = created_at + interval '15 seconds' WHERE status IS NULL;

-- migrate:down
ALTER TABLE idempotency_key DROP COLUMN lease_until;
