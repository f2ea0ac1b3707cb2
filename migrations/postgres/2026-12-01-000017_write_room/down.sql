DROP INDEX responses_campaign_id_paper_ref_key;
ALTER TABLE responses ADD CONSTRAINT responses_campaign_id_paper_ref_key UNIQUE (campaign_id, paper_ref);
ALTER TABLE invitations RESET (fillfactor);
