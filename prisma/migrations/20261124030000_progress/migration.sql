-- AlterTable
ALTER TABLE "rule_decision" ADD COLUMN     "outcomes" JSONB NOT NULL DEFAULT '[]';

-- CreateTable
CREATE TABLE "progress_state" (
    "tenant_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "state" JSONB NOT NULL,
    "due_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "progress_state_pkey" PRIMARY KEY ("tenant_id","user_id","key")
);

-- CreateIndex
CREATE INDEX "progress_state_due_at_idx" ON "progress_state"("due_at");

