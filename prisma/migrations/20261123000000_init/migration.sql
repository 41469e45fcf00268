-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "ingested_event" (
    "id" UUID NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "schema_version" INTEGER NOT NULL,
    "user_id" TEXT NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL,
    "envelope" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "outcomes" JSONB,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ingested_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ledger_entry" (
    "id" BIGSERIAL NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "amount" BIGINT NOT NULL,
    "kind" TEXT NOT NULL,
    "source_event_id" UUID NOT NULL,
    "rule_id" TEXT,
    "rule_version" INTEGER,
    "idempotency_key" TEXT NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ledger_entry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "balance" (
    "tenant_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "lifetime" BIGINT NOT NULL DEFAULT 0,
    "spendable" BIGINT NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "balance_pkey" PRIMARY KEY ("tenant_id","user_id","currency")
);

-- CreateTable
CREATE TABLE "achievement_unlock" (
    "tenant_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "achievement_id" TEXT NOT NULL,
    "source_event_id" UUID NOT NULL,
    "rule_version" INTEGER NOT NULL,
    "unlocked_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "achievement_unlock_pkey" PRIMARY KEY ("tenant_id","user_id","achievement_id")
);

-- CreateTable
CREATE TABLE "notification" (
    "id" BIGSERIAL NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "dedup_key" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "read_at" TIMESTAMPTZ(3),

    CONSTRAINT "notification_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ingested_event_tenant_id_user_id_occurred_at_idx" ON "ingested_event"("tenant_id", "user_id", "occurred_at");

-- CreateIndex
CREATE UNIQUE INDEX "ingested_event_tenant_id_idempotency_key_key" ON "ingested_event"("tenant_id", "idempotency_key");

-- CreateIndex
CREATE INDEX "ledger_entry_tenant_id_user_id_currency_occurred_at_idx" ON "ledger_entry"("tenant_id", "user_id", "currency", "occurred_at");

-- CreateIndex
CREATE INDEX "ledger_entry_tenant_id_source_event_id_idx" ON "ledger_entry"("tenant_id", "source_event_id");

-- CreateIndex
CREATE UNIQUE INDEX "ledger_entry_tenant_id_idempotency_key_key" ON "ledger_entry"("tenant_id", "idempotency_key");

-- CreateIndex
CREATE INDEX "notification_tenant_id_user_id_id_idx" ON "notification"("tenant_id", "user_id", "id");

-- CreateIndex
CREATE UNIQUE INDEX "notification_tenant_id_dedup_key_key" ON "notification"("tenant_id", "dedup_key");

