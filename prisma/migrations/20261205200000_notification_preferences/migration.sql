-- Feed preferences (muted kinds, channels, locale) and batching: a notification may group later
-- ones of its kind (group_key), whose dedup keys are kept in notification_absorbed.
ALTER TABLE "notification" ADD COLUMN "in_app" BOOLEAN NOT NULL DEFAULT true;
ALTER TABLE "notification" ADD COLUMN "group_key" TEXT;
CREATE INDEX "notification_group_idx" ON "notification" ("tenant_id", "user_id", "group_key", "id") WHERE "group_key" IS NOT NULL;

CREATE TABLE "notification_absorbed" (
    "tenant_id" TEXT NOT NULL,
    "dedup_key" TEXT NOT NULL,
    "notification_id" BIGINT NOT NULL,
    CONSTRAINT "notification_absorbed_pkey" PRIMARY KEY ("tenant_id","dedup_key")
);

CREATE TABLE "notification_preference" (
    "tenant_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "muted" TEXT[],
    "in_app" BOOLEAN NOT NULL DEFAULT true,
    "webhook" BOOLEAN NOT NULL DEFAULT true,
    "locale" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "notification_preference_pkey" PRIMARY KEY ("tenant_id","user_id")
);
