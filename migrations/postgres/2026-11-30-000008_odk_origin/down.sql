-- Back to the three origins: responses imported from ODK go with the origin that named them.
DELETE FROM responses WHERE origin = 'odk';
ALTER TABLE responses DROP CONSTRAINT responses_origin_check;
ALTER TABLE responses ADD CONSTRAINT responses_origin_check CHECK (origin IN ('link', 'public', 'paper'));
