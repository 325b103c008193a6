-- In-app notifications (issue 23): how far each officer has read the notifications of their unit, so the bell counts
-- only what is new to them.
-- migrate:up
CREATE TABLE notification_seen (
  user_id uuid PRIMARY KEY REFERENCES app_user (id) ON DELETE CASCADE,
  last_id bigint NOT NULL
);
-- The bell reads a unit's newest staff notifications.
CREATE INDEX notification_staff ON notification (agency_code, id DESC) WHERE audience = 'staff';

-- migrate:down
DROP INDEX notification_staff;
DROP TABLE notification_seen;
