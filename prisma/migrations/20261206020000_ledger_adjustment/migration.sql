-- Support adjustments (issue 22): why an operator credited or debited a user. The ledger entry
-- (kind `adjust`, source_event_id = the adjustment's id) carries the amount; this row explains it.
CREATE TABLE "ledger_adjustment" (
    "tenant_id" TEXT NOT NULL,
    "id" UUID NOT NULL,
    "user_id" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "amount" BIGINT NOT NULL,
    "reason" TEXT NOT NULL,
    "note" TEXT,
    "actor" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ledger_adjustment_pkey" PRIMARY KEY ("tenant_id", "id")
);
CREATE INDEX "ledger_adjustment_tenant_id_user_id_idx" ON "ledger_adjustment"("tenant_id", "user_id");
