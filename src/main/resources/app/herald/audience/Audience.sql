-- name: unsubscribe
UPDATE contact SET status = 'unsubscribed', status_changed_at = now(), updated_at = now()
WHERE id = :id AND status = 'active';
