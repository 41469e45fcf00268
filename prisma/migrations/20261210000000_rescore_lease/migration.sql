-- One applying re-score run per tenant at a time, across every instance of the rules engine. A run
-- takes the lease before it replays, renews it as it publishes, and gives it back once the ledger
-- holds every correction it published; a run that crashed, or whose corrections have not landed
-- in time, leaves a lease that expires at `lease_until`.
CREATE TABLE "rescore_lease" (
    "tenant_id" TEXT NOT NULL,
    "run_id" UUID NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    "lease_until" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "rescore_lease_pkey" PRIMARY KEY ("tenant_id")
);
