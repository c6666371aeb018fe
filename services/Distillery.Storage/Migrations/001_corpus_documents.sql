-- The documents of each task. task_id is unique across jobs (the Coordinator makes it);
-- human_label is null for unlabelled texts; split is validation, training_pool, test or null
-- (not drawn into any split).
CREATE TABLE IF NOT EXISTS corpus_documents (
    task_id      text NOT NULL,
    document_id  text NOT NULL,
    text         text NOT NULL,
    human_label  text,
    group_id     text,
    split        text,
    PRIMARY KEY (task_id, document_id)
);

-- Each task's label set, in codebook order (students and metrics need the order).
CREATE TABLE IF NOT EXISTS corpus_tasks (
    task_id         text PRIMARY KEY,
    labels          text[] NOT NULL,
    positive_label  text
);
