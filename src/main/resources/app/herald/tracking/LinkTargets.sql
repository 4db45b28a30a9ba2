-- name: find-target
-- Only a link of the message's own campaign: a token can never point into another campaign.
SELECT m.campaign_id, l.url
FROM message m
JOIN campaign_link l ON l.campaign_id = m.campaign_id AND l.idx = :idx
WHERE m.id = :message_id;
