-- API processes keep the accounts they check on every request in memory (issue 4's action throughput).
-- Any change to an account, however made, tells every listening process to forget it.
-- migrate:up
CREATE FUNCTION app_user_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('app_user_changed', OLD.id::text);
  RETURN NULL;
END
$$;
CREATE TRIGGER app_user_changed AFTER UPDATE OR DELETE ON app_user
  FOR EACH ROW EXECUTE FUNCTION app_user_changed();

-- migrate:down
DROP TRIGGER app_user_changed ON app_user;
DROP FUNCTION app_user_changed();
