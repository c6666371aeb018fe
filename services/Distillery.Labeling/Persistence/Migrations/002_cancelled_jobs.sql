-- Jobs the Coordinator cancelled (JobCancelled), as the Labeling service heard of them. Every
-- replica checks here before each teacher call, whichever replica took the event.
CREATE TABLE IF NOT EXISTS labeling_cancelled_jobs (
    job_id        text PRIMARY KEY,
    cancelled_at  timestamptz NOT NULL DEFAULT now()
);
