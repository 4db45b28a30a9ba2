-- name: rules
-- Consent counts only when the contact said 'off' itself: a message rendered with a pixel had
-- consent (its own or its lists' default) when it was sent.
SELECT m.id, m.campaign_id, m.kind = 'campaign' AS counted, c.track_opens, c.track_clicks, c.anonymous,
       coalesce(ct.tracking_consent = 'off', false) AS consent_withdrawn
FROM message m
JOIN campaign c ON c.id = m.campaign_id
LEFT JOIN contact ct ON ct.id = m.contact_id
WHERE m.id = ANY(:ids::bigint[]);
