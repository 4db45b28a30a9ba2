-- Finding expired leases (messages a dead node was sending) without scanning the whole queue.
CREATE INDEX message_lease_idx ON message (lease_until) WHERE status = 'sending';
