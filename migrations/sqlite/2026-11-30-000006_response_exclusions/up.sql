-- A submitted response its coordinators took out of the figures (a test, a duplicate, an answer
-- that is not one): when, by whom (a console user name, or "cli"), and why. While `excluded_at` is
-- set the response is in no count, figure or export; clearing the three restores it. The
-- respondent's own writes never name these columns, so a change they submit later (when their
-- campaign allows changes) leaves the exclusion as it is.
ALTER TABLE responses ADD COLUMN excluded_at TIMESTAMP;
ALTER TABLE responses ADD COLUMN excluded_by TEXT;
ALTER TABLE responses ADD COLUMN exclusion_reason TEXT;
