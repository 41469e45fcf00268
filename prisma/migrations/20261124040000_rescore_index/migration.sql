-- CreateIndex
CREATE INDEX "ingested_event_tenant_id_occurred_at_id_idx" ON "ingested_event"("tenant_id", "occurred_at", "id");

