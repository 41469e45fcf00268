-- Engagement analytics (issue 24): aggregates recomputed per tenant and local day (the pack's time
-- zone) by the analytics job from the event store, the ledger, unlocks, progress and redemptions.
-- Every row of a (tenant, day) is replaced at once, so a recompute is idempotent and a backfill is
-- the same job over older days.

-- Who was active on which local day (DAU, retention cohorts).
CREATE TABLE "analytics_user_day" (
    "tenant_id" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "user_id" TEXT NOT NULL,
    "events" INTEGER NOT NULL,
    CONSTRAINT "analytics_user_day_pkey" PRIMARY KEY ("tenant_id", "day", "user_id")
);
CREATE INDEX "analytics_user_day_tenant_id_user_id_day_idx" ON "analytics_user_day"("tenant_id", "user_id", "day");

-- One value per (tenant, metric, local day, dimension): events per type, DAU, points per currency
-- and rule, badge unlocks, mission and quest completions, redemptions.
CREATE TABLE "analytics_daily" (
    "tenant_id" TEXT NOT NULL,
    "metric" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "dimension" TEXT NOT NULL DEFAULT '',
    "value" DOUBLE PRECISION NOT NULL,
    "computed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "analytics_daily_pkey" PRIMARY KEY ("tenant_id", "metric", "day", "dimension")
);

-- How far the job has looked at each tenant's source rows (by their write time), and in which zone.
CREATE TABLE "analytics_watermark" (
    "tenant_id" TEXT NOT NULL,
    "through" TIMESTAMPTZ(3) NOT NULL,
    "zone" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "analytics_watermark_pkey" PRIMARY KEY ("tenant_id")
);

-- What changed since the job's last pass, found by write time without scanning a tenant's rows
-- (every one stamped by the database: updated_at of an event moves with its status too).
-- IF NOT EXISTS: on large tables, create them beforehand with CREATE INDEX CONCURRENTLY (same names)
-- so this migration does not hold writes while it builds them (tools/release/README.md).
CREATE INDEX IF NOT EXISTS "ingested_event_tenant_id_updated_at_idx" ON "ingested_event"("tenant_id", "updated_at");
CREATE INDEX IF NOT EXISTS "ledger_entry_tenant_id_created_at_idx" ON "ledger_entry"("tenant_id", "created_at");
CREATE INDEX IF NOT EXISTS "progress_state_tenant_id_updated_at_idx" ON "progress_state"("tenant_id", "updated_at");
CREATE INDEX IF NOT EXISTS "achievement_unlock_tenant_id_unlocked_at_idx" ON "achievement_unlock"("tenant_id", "unlocked_at");
CREATE INDEX IF NOT EXISTS "redemption_tenant_id_updated_at_idx" ON "redemption"("tenant_id", "updated_at");
