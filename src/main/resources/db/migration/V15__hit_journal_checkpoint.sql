-- How far each node's hit journal (data_dir/hit-journal) is stored in the database: the segment and
-- byte offset after the last hit written. It moves in the same transaction as the hits it covers, so
-- a node replaying its journal after a crash starts exactly after what is stored.
CREATE TABLE hit_journal_checkpoint (
    node_id   uuid        PRIMARY KEY,
    segment   bigint      NOT NULL,
    position  bigint      NOT NULL,
    stored_at timestamptz NOT NULL
);
