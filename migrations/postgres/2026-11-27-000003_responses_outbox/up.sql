-- responses outbox (postgres). Same tables and columns as the other backend's tree.

CREATE TABLE responses (
    id BIGSERIAL PRIMARY KEY,
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
    UNIQUE (campaign_id, paper_ref),
    CHECK (origin IN ('link', 'public', 'paper')),
    CHECK (status IN ('draft', 'submitted'))
);

CREATE INDEX responses_campaign_id_status_idx ON responses (campaign_id, status, id);

CREATE TABLE outbox (
    id BIGSERIAL PRIMARY KEY,
    campaign_id BIGINT REFERENCES campaigns(id) ON DELETE CASCADE,
    participant_id BIGINT REFERENCES participants(id) ON DELETE SET NULL,
    kind TEXT NOT NULL,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body_text TEXT NOT NULL,
    body_html TEXT,
    message_id TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP NOT NULL,
    claimed_by TEXT,
    claimed_at TIMESTAMP,
    last_error TEXT,
    created_at TIMESTAMP NOT NULL,
    sent_at TIMESTAMP
);

CREATE INDEX outbox_status_next_attempt_at_idx ON outbox (status, next_attempt_at);
