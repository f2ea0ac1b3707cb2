-- The thank-you messages owed: a first submission through a personal link writes its
-- invitation's id here, in the transaction that stores it; the mail worker composes the
-- thank-you, queues it in the outbox and deletes the row, in one transaction of its own. So a
-- submission writes one small row, not a composed message with three indexes and two foreign
-- keys. INTEGER PRIMARY KEY: the id is the row's own key, no index beside it. No foreign key
-- either: an invitation erased meanwhile leaves a row the worker deletes with nothing to send.
CREATE TABLE thanks_due (
    invitation_id INTEGER PRIMARY KEY
);
