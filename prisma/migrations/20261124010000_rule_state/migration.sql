-- CreateTable
CREATE TABLE "rule_decision" (
    "tenant_id" TEXT NOT NULL,
    "event_id" UUID NOT NULL,
    "pack_version" INTEGER NOT NULL,
    "awards" JSONB NOT NULL,
    "skipped" JSONB NOT NULL,
    "decided_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "rule_decision_pkey" PRIMARY KEY ("tenant_id","event_id")
);

-- CreateTable
CREATE TABLE "rule_application" (
    "tenant_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "rule_id" TEXT NOT NULL,
    "event_id" UUID NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "rule_application_pkey" PRIMARY KEY ("tenant_id","event_id","rule_id","user_id")
);

-- CreateIndex
CREATE INDEX "rule_application_tenant_id_user_id_rule_id_occurred_at_idx" ON "rule_application"("tenant_id", "user_id", "rule_id", "occurred_at");

