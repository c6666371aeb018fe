-- Work keeps the command that asked for it, so the watchdog can send it again when no reply
-- comes (the reply lost to an outage, the command parked in an _error queue), and fails the
-- task with the reason once the sends are spent. done_at tells a task that progresses from
-- one that is stuck.
ALTER TABLE coordinator_work ADD COLUMN IF NOT EXISTS message_type text;
ALTER TABLE coordinator_work ADD COLUMN IF NOT EXISTS body text;
ALTER TABLE coordinator_work ADD COLUMN IF NOT EXISTS sent_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE coordinator_work ADD COLUMN IF NOT EXISTS sends integer NOT NULL DEFAULT 1;
ALTER TABLE coordinator_work ADD COLUMN IF NOT EXISTS done_at timestamptz;
CREATE INDEX IF NOT EXISTS coordinator_work_outstanding ON coordinator_work (sent_at) WHERE NOT done;
