-- Trained students (Training service). The model column holds the whole model file
-- (header, payload, SHA-256), so a row can be checked without trusting the database.
CREATE TABLE IF NOT EXISTS training_student_models (
    model_id          uuid PRIMARY KEY,
    job_id            text NOT NULL,
    task_id           text NOT NULL,
    arm               text NOT NULL,
    student_name      text NOT NULL,
    kind              text NOT NULL,
    training_items    integer NOT NULL,
    training_seconds  double precision NOT NULL,
    cv_score          double precision,
    model             bytea NOT NULL,
    created_at        timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX IF NOT EXISTS training_student_models_task ON training_student_models (job_id, task_id);
