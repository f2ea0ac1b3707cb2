DROP TABLE invitations;
DROP TABLE opt_outs;
DROP TABLE participants;
DROP TABLE stakeholder_groups;
DROP TABLE campaigns;
