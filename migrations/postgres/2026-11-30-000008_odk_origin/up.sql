-- Responses collected offline with ODK Collect or KoboToolbox and imported from their CSV export
-- carry the origin 'odk' (their submission id is the paper_ref).
ALTER TABLE responses DROP CONSTRAINT responses_origin_check;
ALTER TABLE responses ADD CONSTRAINT responses_origin_check CHECK (origin IN ('link', 'public', 'paper', 'odk'));
