-- Room for the questionnaire's writes: PostgreSQL's tree gives invitations' pages free room and
-- indexes paper references only where there is one. SQLite has no fill factor, and its unique
-- constraint on (campaign_id, paper_ref) is part of the table (a rebuild to change it would cost
-- more than it saves): nothing to do here; the same name keeps both trees in step.
SELECT 1;
