-- answer keys (sqlite). Imported answers are stored without repeating their question ids: as a
-- JSON array whose first element is the id of a row here (the question ids, in the array's
-- order) and whose other elements are the answers, null for none (src/db/answer_keys.rs).
-- A million paper forms of a 60-question survey take about a quarter of the room this way.
-- Same tables and columns as the other backend's tree.

CREATE TABLE answer_keys (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    -- SHA-256 (hex) of `keys`: a long list would not fit a PostgreSQL index entry.
    keys_hash TEXT NOT NULL UNIQUE,
    keys TEXT NOT NULL
);
