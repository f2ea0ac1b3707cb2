-- Open contributions to a campaign (free-text proposals per topic) and what was done with each.
-- A campaign collects them when its settings row says so; its topics are a JSON list of
-- {"code", "es", "en"}. A contribution is stored once per form shown (`submission_key`, a keyed
-- hash of the form's nonce: a double submit stores one). Moderators screen it (pending →
-- published or rejected; `shown_body` is the text published when personal data was hidden, the
-- original `body` kept for the audit only), then answer it. `version` counts decisions: each is a
-- compare-and-set on it. `email` is only for the one message sent when it is answered
-- (`notified_at`), and is cleared once that message is queued.
CREATE TABLE contribution_settings (
    campaign_id BIGINT PRIMARY KEY NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
    enabled INTEGER NOT NULL DEFAULT 0,
    topics TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE contributions (
    id BIGSERIAL PRIMARY KEY,
    campaign_id BIGINT NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
    submission_key TEXT NOT NULL UNIQUE,
    topic TEXT NOT NULL,
    body TEXT NOT NULL,
    shown_body TEXT,
    edit_note TEXT,
    author_name TEXT,
    author_org TEXT,
    email TEXT,
    language TEXT NOT NULL,
    origin TEXT NOT NULL,
    status TEXT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    screened_at TIMESTAMP,
    screened_by TEXT,
    reject_reason TEXT,
    answer TEXT,
    answer_reason TEXT,
    answer_ref TEXT,
    answered_at TIMESTAMP,
    answered_by TEXT,
    notified_at TIMESTAMP,
    CHECK (origin IN ('public', 'link')),
    CHECK (status IN ('pending', 'published', 'rejected')),
    CHECK (answer IS NULL OR answer IN ('incorporated', 'partly_incorporated', 'not_incorporated', 'out_of_scope'))
);

CREATE INDEX contributions_campaign_status_idx ON contributions (campaign_id, status, id);

-- The moderator role: screens and answers contributions, nothing else.
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('admin', 'coordinator', 'analyst', 'moderator'));
