-- name: expansion
-- Every (target list, member) pair of a chunk of a started campaign's audience (the members after
-- :after up to :upto, by contact id), list by list, with the message the member
-- got (none: suppressed by status) and whether an earlier target list already holds the member (a
-- duplicate: the unique index gave them one message only). Read through a cursor.
SELECT cp.id AS campaign_id, cp.subject, cp.from_email, cp.started_at,
       cl.list_id, l.name AS list_name, c.email, c.status AS contact_status,
       m.id AS message_id, m.network_message_id,
       cl.list_id <> min(cl.list_id) OVER (PARTITION BY c.id) AS duplicate
FROM campaign cp
JOIN campaign_list cl ON cl.campaign_id = cp.id
JOIN list l ON l.id = cl.list_id
JOIN list_member lm ON lm.list_id = cl.list_id
JOIN contact c ON c.id = lm.contact_id
LEFT JOIN message m ON m.campaign_id = cp.id AND m.contact_id = c.id AND m.kind = 'campaign'
WHERE cp.id = :id AND lm.contact_id > :after AND lm.contact_id <= :upto
  -- the same range on contact, so that contacts are read by key range, not all of them per chunk
  AND c.id > :after AND c.id <= :upto
ORDER BY cl.list_id, c.id;
