-- name: owned-messages
-- Which of these message numbers (the log's internal-message-id) belong to campaigns the user owns.
SELECT m.id
FROM message m
JOIN campaign c ON c.id = m.campaign_id
WHERE m.id = ANY(:ids) AND c.owner_user_id = :user_id;
