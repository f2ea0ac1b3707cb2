-- The thank-you messages owed: a first submission through a personal link writes its
-- invitation's id here, in the transaction that stores it; the mail worker composes the
-- thank-you, queues it in the outbox and deletes the row, in one transaction of its own. So a
-- submission writes an 8-byte row with one index, not a composed message with three indexes and
-- two foreign keys. No foreign key either: an invitation erased meanwhile leaves a row the
-- worker deletes with nothing to send.
CREATE TABLE thanks_due (
    invitation_id BIGINT PRIMARY KEY
);
