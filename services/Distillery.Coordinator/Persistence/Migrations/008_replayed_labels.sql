-- A replay teacher's labels, uploaded with the job's documents (the files are on the client's
-- machine): one row per task and teacher, document id to label and probabilities, so each
-- LabelBatch for that teacher carries its documents' labels to the Labeling service.
CREATE TABLE IF NOT EXISTS coordinator_replayed_labels (
    job_id uuid NOT NULL,
    task_name text NOT NULL,
    teacher text NOT NULL,
    labels jsonb NOT NULL,
    PRIMARY KEY (job_id, task_name, teacher)
);
