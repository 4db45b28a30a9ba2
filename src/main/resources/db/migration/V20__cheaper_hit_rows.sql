-- Storing a hit costs less (the hit writer stores tens of thousands a second under load; see
-- docs/tracking.md, "How hits are recorded"). Measured per event row on the development VM, the
-- three things below were more than half of what PostgreSQL spent on it.

-- 1. No foreign key from the event to its message. Its check ran once per inserted row (a lookup
-- of the message row and a share lock on it); the hit writer inserts events only for messages it
-- has just updated in the same transaction (and so holds locked), and an unsubscribe locks its
-- message first, so no event can name a message that does not exist. What the key also did,
-- deleting a message's events with it (erasure; a deleted campaign), this trigger does, once per
-- statement for all the messages it deleted.
ALTER TABLE tracking_event DROP CONSTRAINT tracking_event_message_id_fkey;

CREATE FUNCTION delete_events_of_deleted_messages() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM tracking_event e USING deleted_message d WHERE e.message_id = d.id;
    RETURN NULL;
END
$$;

CREATE TRIGGER message_events_deleted_with_it
    AFTER DELETE ON message
    REFERENCING OLD TABLE AS deleted_message
    FOR EACH STATEMENT EXECUTE FUNCTION delete_events_of_deleted_messages();

-- 2. No index on (campaign_id, occurred_at): no query reads events by campaign (reports read
-- counters; a recipient's events are found by message, the retention job's by time).
DROP INDEX tracking_event_campaign_time_idx;

-- 3. The evidence of a verdict in typed columns instead of a jsonb document: the writer sends them
-- in binary, so nothing is parsed, and the row loses a document of about 160 bytes. tracking_event_evidence(e)
-- gives back the same document the jsonb column held, for the recipient's timeline and the data
-- export. Rows without a rule (unsubscribes, hits stored before verdicts existed) have none.
ALTER TABLE tracking_event
    ADD COLUMN method             text,
    ADD COLUMN seconds_after_send bigint,
    ADD COLUMN agent              text,
    ADD COLUMN network            text,
    ADD COLUMN burst_links        int,
    ADD COLUMN click_before_open  boolean,
    ADD COLUMN repeats            int,
    ADD COLUMN rule               text,
    ADD COLUMN client             text,
    ADD COLUMN device             text,
    ADD COLUMN os                 text;

UPDATE tracking_event
SET method             = evidence ->> 'method',
    seconds_after_send = (evidence ->> 'seconds_after_send')::bigint,
    agent              = evidence ->> 'agent',
    network            = evidence ->> 'network',
    burst_links        = (evidence ->> 'burst_links')::int,
    click_before_open  = (evidence ->> 'click_before_open')::boolean,
    repeats            = (evidence ->> 'repeats')::int,
    rule               = evidence ->> 'rule',
    client             = evidence ->> 'client',
    device             = evidence ->> 'device',
    os                 = evidence ->> 'os'
WHERE evidence IS NOT NULL;

ALTER TABLE tracking_event DROP COLUMN evidence;

CREATE FUNCTION tracking_event_evidence(e tracking_event) RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN e.rule IS NOT NULL THEN jsonb_strip_nulls(jsonb_build_object(
        'method', e.method, 'seconds_after_send', e.seconds_after_send, 'agent', e.agent, 'network', e.network,
        'burst_links', e.burst_links, 'click_before_open', e.click_before_open, 'repeats', e.repeats,
        'rule', e.rule, 'client', e.client, 'device', e.device, 'os', e.os)) END
$$;
