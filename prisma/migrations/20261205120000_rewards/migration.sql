-- CreateTable
CREATE TABLE "reward_item" (
    "tenant_id" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "currency" TEXT NOT NULL,
    "cost" BIGINT NOT NULL,
    "stock" INTEGER,
    "per_user_limit" INTEGER,
    "available_from" TIMESTAMPTZ(3),
    "available_until" TIMESTAMPTZ(3),
    "fulfilment" TEXT NOT NULL DEFAULT 'digital',
    "min_level" INTEGER,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "reward_item_pkey" PRIMARY KEY ("tenant_id","id"),
    CONSTRAINT "reward_item_stock_not_negative" CHECK ("stock" IS NULL OR "stock" >= 0)
);

-- CreateTable
CREATE TABLE "redemption" (
    "tenant_id" TEXT NOT NULL,
    "id" UUID NOT NULL,
    "user_id" TEXT NOT NULL,
    "item_id" TEXT NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "cost" BIGINT NOT NULL,
    "reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "redemption_pkey" PRIMARY KEY ("tenant_id","id")
);

-- CreateIndex
CREATE UNIQUE INDEX "redemption_tenant_id_idempotency_key_key" ON "redemption"("tenant_id", "idempotency_key");

-- CreateIndex
CREATE INDEX "redemption_tenant_id_user_id_item_id_idx" ON "redemption"("tenant_id", "user_id", "item_id");

-- CreateIndex
CREATE INDEX "redemption_tenant_id_status_idx" ON "redemption"("tenant_id", "status");
