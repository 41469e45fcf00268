-- AlterTable
ALTER TABLE "ledger_entry" ADD COLUMN     "public" BOOLEAN NOT NULL DEFAULT true;

-- CreateIndex
CREATE INDEX "ledger_entry_tenant_id_currency_occurred_at_idx" ON "ledger_entry"("tenant_id", "currency", "occurred_at");

