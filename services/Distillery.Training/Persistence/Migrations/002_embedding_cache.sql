-- The embedding cache (Training service): one vector per key space (encoder name, full model
-- SHA-256 and max_length) and text (its SHA-256; the text itself is not stored), float32
-- little-endian. Entries are never changed: a key already present keeps its vector.
CREATE TABLE IF NOT EXISTS training_embeddings (
    space        text NOT NULL,
    text_sha256  text NOT NULL,
    vector       bytea NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (space, text_sha256)
);
