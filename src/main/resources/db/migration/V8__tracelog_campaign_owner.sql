-- The user who owns a campaign: delivery reports show a non-admin user only the messages of
-- campaigns they own. NULL: no owner (created by an admin or before users existed), admins only.
ALTER TABLE campaign ADD COLUMN owner_user_id bigint REFERENCES app_user (id) ON DELETE SET NULL;
CREATE INDEX campaign_owner_idx ON campaign (owner_user_id) WHERE owner_user_id IS NOT NULL;
