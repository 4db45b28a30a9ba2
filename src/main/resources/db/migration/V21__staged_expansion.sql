-- A campaign's audience is queued in chunks of contacts (delivery.Expansion): the start queues the
-- first chunk and returns, and the dispatchers of every node queue the rest while the first
-- messages are already being sent. One row per campaign whose expansion is not done yet: the
-- contacts up to after_contact are queued, the audience ends at until_contact (the newest contact
-- when the campaign started). The row goes in the transaction that queues the last chunk, so a
-- crash between chunks leaves it for the next dispatcher to go on from.
CREATE TABLE campaign_expansion (
    campaign_id   bigint PRIMARY KEY REFERENCES campaign (id) ON DELETE CASCADE,
    after_contact bigint NOT NULL,
    until_contact bigint NOT NULL
);
