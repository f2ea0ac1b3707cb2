-- self assessment (postgres). An institution's personal self-assessment link: only the SHA-256
-- of its random token is stored, with its expiry. Same tables and columns as the other backend's tree.

CREATE TABLE index_self_links (
    id BIGSERIAL PRIMARY KEY,
    unit_id BIGINT NOT NULL REFERENCES index_units(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    expires_at TIMESTAMP NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX index_self_links_unit_idx ON index_self_links (unit_id);
