-- name: insert
INSERT INTO campaign (name, subject, from_name, from_email, reply_to, html, text_body, request_read_receipt,
                      track_opens, track_clicks, anonymous, owner_user_id)
VALUES (:name, :subject, :from_name, :from_email, :reply_to, :html, :text_body, :request_read_receipt,
        :track_opens, :track_clicks, :anonymous, :owner_user_id)
RETURNING id;

-- name: insert-stats
INSERT INTO campaign_stats (campaign_id) VALUES (:id);

-- name: update
UPDATE campaign
SET name = :name, subject = :subject, from_name = :from_name, from_email = :from_email, reply_to = :reply_to,
    html = :html, text_body = :text_body, request_read_receipt = :request_read_receipt,
    track_opens = :track_opens, track_clicks = :track_clicks, anonymous = :anonymous, updated_at = clock_timestamp()
WHERE id = :id AND status = 'draft';

-- name: existing-lists
SELECT id FROM list WHERE id = ANY(:ids);

-- name: delete-lists
DELETE FROM campaign_list WHERE campaign_id = :id;

-- name: insert-lists
INSERT INTO campaign_list (campaign_id, list_id)
SELECT :id, list_id FROM unnest(:ids) AS ids(list_id);

-- name: get
SELECT c.*, array(SELECT list_id FROM campaign_list WHERE campaign_id = c.id ORDER BY list_id) AS list_ids
FROM campaign c
WHERE c.id = :id;

-- name: list
SELECT c.*, array(SELECT list_id FROM campaign_list WHERE campaign_id = c.id ORDER BY list_id) AS list_ids
FROM campaign c
ORDER BY c.id DESC;
