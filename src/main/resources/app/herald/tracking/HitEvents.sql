-- name: messages
-- The message (and for a click the link) behind each hit, by its position in the batch; hits of
-- messages that no longer exist get no row, as they get no tracking_event.
SELECT h.n, m.id, m.email, m.kind, m.campaign_id, m.network_message_id, m.message_id_header, c.from_email, l.url
FROM unnest(:message_ids::bigint[], :link_idxs::int[]) WITH ORDINALITY AS h (message_id, link_idx, n)
JOIN message m ON m.id = h.message_id
JOIN campaign c ON c.id = m.campaign_id
LEFT JOIN campaign_link l ON l.campaign_id = m.campaign_id AND l.idx = h.link_idx;
