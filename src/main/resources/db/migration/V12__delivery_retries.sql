-- Retries (issue 4): a message deferred by a temporary failure (4xx, timeout, lost connection) is
-- queued again and not claimed before next_attempt_at. NULL: due now.
ALTER TABLE message ADD COLUMN next_attempt_at timestamptz;
