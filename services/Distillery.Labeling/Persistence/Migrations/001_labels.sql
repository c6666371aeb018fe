-- Labels with their provenance (Labeling service). One row per (task, document, teacher):
-- the primary key is what makes a redelivered batch write no duplicates. label is null for an
-- abstention (raw_answer keeps what the model said).
CREATE TABLE IF NOT EXISTS labeling_labels (
    task_id            text NOT NULL,
    document_id        text NOT NULL,
    teacher            text NOT NULL,
    label              text,
    probabilities      double precision[],
    raw_answer         text,
    model              text,
    prompt_version     text,
    prompt_tokens      integer NOT NULL,
    completion_tokens  integer NOT NULL,
    cached             boolean NOT NULL,
    cost_usd           numeric,
    batch_id           uuid NOT NULL,
    labelled_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (task_id, document_id, teacher)
);

-- Labels already paid for, keyed by model, prompt version and the text's SHA-256.
CREATE TABLE IF NOT EXISTS labeling_label_cache (
    model              text NOT NULL,
    prompt_version     text NOT NULL,
    text_sha256        text NOT NULL,
    label              text NOT NULL,
    probabilities      double precision[],
    raw_answer         text,
    prompt_tokens      integer NOT NULL,
    completion_tokens  integer NOT NULL,
    created_at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (model, prompt_version, text_sha256)
);
