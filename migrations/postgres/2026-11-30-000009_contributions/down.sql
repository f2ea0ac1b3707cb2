-- Moderators cannot stay moderators: their accounts become disabled analysts (an administrator
-- decides what they become); their tokens are revoked.
UPDATE api_tokens SET revoked_at = CURRENT_TIMESTAMP WHERE role = 'moderator' AND revoked_at IS NULL;
UPDATE api_tokens SET role = 'analyst' WHERE role = 'moderator';
UPDATE users SET role = 'analyst', disabled = 1 WHERE role = 'moderator';
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('admin', 'coordinator', 'analyst'));
DROP TABLE contributions;
DROP TABLE contribution_settings;
