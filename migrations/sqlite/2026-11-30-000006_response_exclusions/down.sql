ALTER TABLE responses DROP COLUMN exclusion_reason;
ALTER TABLE responses DROP COLUMN excluded_by;
ALTER TABLE responses DROP COLUMN excluded_at;
