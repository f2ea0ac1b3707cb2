DROP TABLE index_reviews;
DROP TABLE index_scores;
DROP TABLE index_units;
DROP TABLE index_campaigns;
