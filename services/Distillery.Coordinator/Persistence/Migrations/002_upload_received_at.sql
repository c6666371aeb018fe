-- When each upload chunk arrived: uploads no Submit named are dropped after
-- Distillery:Coordinator:UploadRetention.
ALTER TABLE coordinator_uploads ADD COLUMN IF NOT EXISTS received_at timestamptz NOT NULL DEFAULT now();
