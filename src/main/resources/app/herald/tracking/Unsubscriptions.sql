-- name: message-exists
SELECT EXISTS (SELECT 1 FROM message WHERE id = :id);

-- name: lock-message
-- NO KEY UPDATE: blocks a second unsubscribe of the same message, not the hit writer's event inserts.
SELECT m.campaign_id, m.contact_id, m.kind = 'campaign' AS counted,
       EXISTS (SELECT 1 FROM tracking_event e WHERE e.message_id = m.id AND e.kind = 'unsubscribe') AS already
FROM message m
WHERE m.id = :id
FOR NO KEY UPDATE OF m;

-- name: insert-event
INSERT INTO tracking_event (message_id, campaign_id, kind, occurred_at, ip, user_agent)
VALUES (:message_id, :campaign_id, 'unsubscribe', :at, :ip, :user_agent);

-- name: count-unsubscribe
INSERT INTO campaign_stats (campaign_id, unsubscribes) VALUES (:campaign_id, 1)
ON CONFLICT (campaign_id) DO UPDATE SET unsubscribes = campaign_stats.unsubscribes + 1;
