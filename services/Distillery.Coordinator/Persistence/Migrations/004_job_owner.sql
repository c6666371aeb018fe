-- Jobs and uploads belong to the principal that made them (Distillery:Auth): another principal's
-- Get, Watch, Report, Cancel and List see nothing of them, unless it holds the operator role.
-- Jobs from before owners existed belong to nobody but the operators.
ALTER TABLE coordinator_jobs ADD COLUMN IF NOT EXISTS owner text NOT NULL DEFAULT '';
ALTER TABLE coordinator_uploads ADD COLUMN IF NOT EXISTS owner text NOT NULL DEFAULT '';
CREATE INDEX IF NOT EXISTS coordinator_jobs_owner ON coordinator_jobs (owner, created_at DESC);
