-- Events an admin reversed (voided): what they held in the ledger was taken back by compensating
-- entries (`rule_id = 'reversal'`), and re-scoring no longer decides them (they count as never
-- having happened: caps and once-per keys they used are free again for the others).
CREATE TABLE "event_reversal" (
    "tenant_id" TEXT NOT NULL,
    "event_id" UUID NOT NULL,
    "run_id" UUID NOT NULL,
    "reason" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "reversed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),

    CONSTRAINT "event_reversal_pkey" PRIMARY KEY ("tenant_id","event_id")
);
