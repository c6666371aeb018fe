-- The Coordinator's copy of each teacher label, from the BatchLabeled event that carried it
-- (Labeling's own table is Labeling's alone): the gate reads it, students' training items and
-- labels come from it, the teacher arms' test labels and the report's usage too.
CREATE TABLE IF NOT EXISTS coordinator_labels (
    job_id             uuid NOT NULL,
    task_name          text NOT NULL,
    teacher            text NOT NULL,
    document_id        text NOT NULL,
    label              text,
    probabilities      jsonb,
    prompt_tokens      integer NOT NULL,
    completion_tokens  integer NOT NULL,
    cached             boolean NOT NULL,
    cost_usd           numeric,
    model              text,
    prompt_version     text,
    PRIMARY KEY (job_id, task_name, teacher, document_id)
);
