-- Data-subject deletion (seed 004 §8.3): one row per deleted user, keyed by a hash of the user id
-- (the id itself is not kept). Ingest, scoring and points refuse to link anything to a hash listed here.
CREATE TABLE "user_tombstone" (
    "tenant_id" TEXT NOT NULL,
    "user_hash" TEXT NOT NULL,
    "pseudonym" TEXT NOT NULL,
    "receipt_id" UUID NOT NULL,
    "actor" TEXT NOT NULL,
    "erased" JSONB,
    "deleted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "erased_at" TIMESTAMPTZ(3),
    CONSTRAINT "user_tombstone_pkey" PRIMARY KEY ("tenant_id", "user_hash")
);
