DROP TABLE outbox;
DROP TABLE responses;
