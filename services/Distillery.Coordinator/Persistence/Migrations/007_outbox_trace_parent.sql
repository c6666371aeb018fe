-- The W3C traceparent of the work that queued each outbox message, so the message is published in
-- the same trace (a job's trace then runs from the client through every service); null when the
-- work was traced by no one, e.g. the watchdog's resends.
ALTER TABLE coordinator_outbox ADD COLUMN IF NOT EXISTS trace_parent text;
