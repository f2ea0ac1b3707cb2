-- A response's version counts its writes: a save states the version it read and is written only
-- if the stored row still has it (compare-and-set), so a save that raced another is never
-- written over it. `pending` holds a change in progress to a submitted response (when its
-- campaign allows changes): the submitted answers stay as they are until it is submitted whole.
ALTER TABLE responses ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE responses ADD COLUMN pending TEXT;
