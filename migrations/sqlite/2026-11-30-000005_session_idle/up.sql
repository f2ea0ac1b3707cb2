-- When a console session was last used: it ends after DRA_SESSION_IDLE_MINUTES without a
-- request, besides its absolute expiry.
ALTER TABLE sessions ADD COLUMN last_seen_at TIMESTAMP;
