ALTER TABLE campaigns DROP COLUMN names;
