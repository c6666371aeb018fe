-- Jobs and tasks (Coordinator). state/version give optimistic concurrency: a transition
-- updates "WHERE state = <expected>", so a redelivered event cannot move a task twice.
CREATE TABLE IF NOT EXISTS coordinator_jobs (
    job_id          uuid PRIMARY KEY,
    name            text NOT NULL,
    spec            bytea NOT NULL,          -- distillery.v1.JobSpec without documents
    state           text NOT NULL,
    version         integer NOT NULL DEFAULT 0,
    event_sequence  bigint NOT NULL DEFAULT 0,
    report          text,                    -- the job report's JSON once every task has ended
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS coordinator_tasks (
    job_id          uuid NOT NULL REFERENCES coordinator_jobs (job_id),
    task_name       text NOT NULL,
    task_id         text NOT NULL UNIQUE,    -- the id other services know the task by
    position        integer NOT NULL,
    state           text NOT NULL,
    version         integer NOT NULL DEFAULT 0,
    teacher         text,                    -- the teacher's name as the Labeling service stores it
    failure         text,
    gate            text,                    -- GateReport JSON
    arms            text,                    -- ArmReport[] JSON
    comparisons     text,                    -- ArmComparisonReport[] JSON
    validation_ids  text[] NOT NULL,
    pool_ids        text[] NOT NULL,
    test_ids        text[] NOT NULL,
    PRIMARY KEY (job_id, task_name)
);

-- Work sent out and not yet answered: label batches, students, evaluations. A reply marks its
-- row done once ("AND NOT done"), so a duplicate reply changes nothing.
CREATE TABLE IF NOT EXISTS coordinator_work (
    work_id     uuid PRIMARY KEY,
    job_id      uuid NOT NULL,
    task_name   text NOT NULL,
    stage       text NOT NULL,
    items       integer NOT NULL,
    done        boolean NOT NULL DEFAULT false,
    result      text
);
CREATE INDEX IF NOT EXISTS coordinator_work_stage ON coordinator_work (job_id, task_name, stage);

-- Messages written in the same transaction as the state change that causes them, published
-- afterwards: a crash between the two publishes them later rather than never.
CREATE TABLE IF NOT EXISTS coordinator_outbox (
    id            bigserial PRIMARY KEY,
    job_id        uuid NOT NULL,
    message_type  text NOT NULL,
    body          text NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);

-- Job events for Watch, numbered per job so a client resumes after the last one it saw.
CREATE TABLE IF NOT EXISTS coordinator_events (
    job_id    uuid NOT NULL,
    sequence  bigint NOT NULL,
    event     bytea NOT NULL,
    PRIMARY KEY (job_id, sequence)
);

-- Documents uploaded by client streaming before Submit, one row per received chunk.
CREATE TABLE IF NOT EXISTS coordinator_uploads (
    upload_id  text NOT NULL,
    chunk      bigserial,
    task       text NOT NULL,
    documents  bytea NOT NULL,            -- a serialized distillery.v1.DocumentChunk
    PRIMARY KEY (upload_id, chunk)
);
