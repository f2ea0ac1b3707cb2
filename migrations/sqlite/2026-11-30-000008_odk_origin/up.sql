-- Responses collected offline with ODK Collect or KoboToolbox and imported from their CSV export
-- carry the origin 'odk' (their submission id is the paper_ref). SQLite cannot change a CHECK
-- constraint in place, so the table is rebuilt: the same columns in the same order (those of
-- 000003, 000004 and 000006), every row with its id, the same index.

CREATE TABLE responses_rebuilt (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    campaign_id BIGINT NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
    participant_id BIGINT REFERENCES participants(id) ON DELETE SET NULL,
    respondent_key TEXT UNIQUE,
    group_code TEXT NOT NULL,
    origin TEXT NOT NULL,
    status TEXT NOT NULL,
    language TEXT NOT NULL,
    answers TEXT NOT NULL,
    codes TEXT,
    current_page INTEGER NOT NULL DEFAULT 0,
    paper_ref TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    submitted_at TIMESTAMP,
    version BIGINT NOT NULL DEFAULT 1,
    pending TEXT,
    excluded_at TIMESTAMP,
    excluded_by TEXT,
    exclusion_reason TEXT,
    UNIQUE (campaign_id, paper_ref),
    CHECK (origin IN ('link', 'public', 'paper', 'odk')),
    CHECK (status IN ('draft', 'submitted'))
);

INSERT INTO responses_rebuilt (id, campaign_id, participant_id, respondent_key, group_code, origin, status, language, answers, codes, current_page, paper_ref, created_at, updated_at, submitted_at, version, pending, excluded_at, excluded_by, exclusion_reason)
SELECT id, campaign_id, participant_id, respondent_key, group_code, origin, status, language, answers, codes, current_page, paper_ref, created_at, updated_at, submitted_at, version, pending, excluded_at, excluded_by, exclusion_reason FROM responses;

DROP TABLE responses;
ALTER TABLE responses_rebuilt RENAME TO responses;
CREATE INDEX responses_campaign_id_status_idx ON responses (campaign_id, status, id);
