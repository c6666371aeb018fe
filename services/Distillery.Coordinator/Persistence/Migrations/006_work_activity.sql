-- What a student being trained is doing (StudentTrainingProgressed): "embedding" 420 of 1800
-- texts, "fine-tuning epoch 2/3" 140 of 420 steps. activity_at is when the trainer reported it,
-- so a late or repeated report never overwrites a newer one. Shown on the task's status while
-- the task trains its students; meaningless once the work is done.
ALTER TABLE coordinator_work ADD COLUMN IF NOT EXISTS activity text;
ALTER TABLE coordinator_work ADD COLUMN IF NOT EXISTS activity_done bigint;
ALTER TABLE coordinator_work ADD COLUMN IF NOT EXISTS activity_total bigint;
ALTER TABLE coordinator_work ADD COLUMN IF NOT EXISTS activity_at timestamptz;
