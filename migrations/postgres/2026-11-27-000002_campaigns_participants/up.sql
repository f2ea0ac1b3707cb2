-- campaigns participants (postgres). Same tables and columns as the other backend's tree.

CREATE TABLE campaigns (
    id BIGSERIAL PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    survey_version_id BIGINT NOT NULL REFERENCES survey_versions(id),
    country TEXT,
    languages TEXT NOT NULL,
    default_language TEXT NOT NULL,
    opens_at TIMESTAMP,
    closes_at TIMESTAMP,
    time_zone TEXT NOT NULL DEFAULT 'UTC',
    mode TEXT NOT NULL DEFAULT 'identified',
    min_cell_size INTEGER NOT NULL DEFAULT 5,
    reminder_every_days INTEGER,
    reminder_max INTEGER NOT NULL DEFAULT 0,
    allow_edit INTEGER NOT NULL DEFAULT 0,
    public_link INTEGER NOT NULL DEFAULT 0,
    one_per_browser INTEGER NOT NULL DEFAULT 0,
    mail_overrides TEXT,
    state TEXT NOT NULL DEFAULT 'draft',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK (min_cell_size >= 3)
);

CREATE TABLE stakeholder_groups (
    id BIGSERIAL PRIMARY KEY,
    campaign_id BIGINT NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
    code TEXT NOT NULL,
    labels TEXT NOT NULL,
    position INTEGER NOT NULL,
    population_share DOUBLE PRECISION,
    UNIQUE (campaign_id, code)
);

CREATE TABLE participants (
    id BIGSERIAL PRIMARY KEY,
    campaign_id BIGINT NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
    email TEXT NOT NULL,
    name TEXT,
    organisation TEXT,
    group_code TEXT NOT NULL,
    language TEXT NOT NULL,
    attributes TEXT,
    bounced_at TIMESTAMP,
    bounce_reason TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (campaign_id, email)
);

CREATE TABLE opt_outs (
    id BIGSERIAL PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    source TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE invitations (
    id BIGSERIAL PRIMARY KEY,
    participant_id BIGINT NOT NULL UNIQUE REFERENCES participants(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    token_nonce TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP,
    sent_at TIMESTAMP,
    opened_at TIMESTAMP,
    started_at TIMESTAMP,
    submitted_at TIMESTAMP,
    reminders_sent INTEGER NOT NULL DEFAULT 0,
    last_reminded_at TIMESTAMP
);
