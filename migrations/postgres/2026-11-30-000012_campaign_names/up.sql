-- A campaign's name in its other languages, as JSON ({"en": "Digital readiness 2026"}); `name`
-- is its name in the default language. NULL: that one name in every language.
ALTER TABLE campaigns ADD COLUMN names TEXT;
