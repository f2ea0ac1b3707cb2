-- Moderators cannot stay moderators: their accounts become disabled analysts (an administrator
-- decides what they become); their tokens are revoked. Outside diesel's transaction, as up.sql.
PRAGMA foreign_keys = OFF;
BEGIN;
UPDATE api_tokens SET revoked_at = CURRENT_TIMESTAMP WHERE role = 'moderator' AND revoked_at IS NULL;
UPDATE api_tokens SET role = 'analyst' WHERE role = 'moderator';
UPDATE users SET role = 'analyst', disabled = 1 WHERE role = 'moderator';
CREATE TABLE users_rebuilt (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    username TEXT NOT NULL UNIQUE,
    email TEXT,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL,
    must_change_password INTEGER NOT NULL DEFAULT 0,
    disabled INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    last_login_at TIMESTAMP,
    CHECK (role IN ('admin', 'coordinator', 'analyst'))
);
INSERT INTO users_rebuilt (id, username, email, password_hash, role, must_change_password, disabled, created_at, last_login_at)
SELECT id, username, email, password_hash, role, must_change_password, disabled, created_at, last_login_at FROM users;
DROP TABLE users;
ALTER TABLE users_rebuilt RENAME TO users;
DROP TABLE contributions;
DROP TABLE contribution_settings;
COMMIT;
PRAGMA foreign_keys = ON;
