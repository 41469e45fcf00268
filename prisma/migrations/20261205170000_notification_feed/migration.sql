-- The feed's unread count and retention: a partial index on unread notifications per user, and
-- one on creation time for the retention job.
CREATE INDEX "notification_unread_idx" ON "notification" ("tenant_id", "user_id") WHERE "read_at" IS NULL;
CREATE INDEX "notification_created_at_idx" ON "notification" ("created_at");
