-- index (sqlite). National indices of institutions: an index campaign pins one indicator
-- framework (its JSON, checked, with its content hash); its assessed units are institutions;
-- evaluators score each indicator of each institution with evidence; reviewers confirm or
-- dispute each score, and disputes are resolved with a reason. A score's version is bumped by
-- every change (compare-and-set). Same tables and columns as the other backend's tree.

CREATE TABLE index_campaigns (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    framework TEXT NOT NULL,
    framework_key TEXT NOT NULL,
    framework_version TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    edition TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE index_units (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    campaign_id BIGINT NOT NULL REFERENCES index_campaigns(id) ON DELETE CASCADE,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    sector TEXT NOT NULL DEFAULT '',
    contact TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL,
    UNIQUE (campaign_id, code)
);

CREATE TABLE index_scores (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    campaign_id BIGINT NOT NULL REFERENCES index_campaigns(id) ON DELETE CASCADE,
    unit_id BIGINT NOT NULL REFERENCES index_units(id) ON DELETE CASCADE,
    indicator TEXT NOT NULL,
    evaluator TEXT NOT NULL,
    value DOUBLE NOT NULL,
    evidence_url TEXT,
    evidence_note TEXT,
    evidence_file TEXT,
    status TEXT NOT NULL DEFAULT 'scored',
    version BIGINT NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (unit_id, indicator, evaluator),
    CHECK (status IN ('scored', 'confirmed', 'disputed', 'resolved'))
);
CREATE INDEX index_scores_campaign_idx ON index_scores (campaign_id, unit_id, indicator);

CREATE TABLE index_reviews (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    score_id BIGINT NOT NULL REFERENCES index_scores(id) ON DELETE CASCADE,
    reviewer TEXT NOT NULL,
    action TEXT NOT NULL,
    reason TEXT,
    value DOUBLE,
    created_at TIMESTAMP NOT NULL,
    CHECK (action IN ('confirm', 'dispute', 'resolve'))
);
CREATE INDEX index_reviews_score_idx ON index_reviews (score_id, id);
