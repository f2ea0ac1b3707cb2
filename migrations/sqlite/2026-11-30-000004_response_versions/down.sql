ALTER TABLE responses DROP COLUMN pending;
ALTER TABLE responses DROP COLUMN version;
