-- CreateTable
CREATE TABLE "achievement_revocation" (
    "tenant_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "achievement_id" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "revoked_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "achievement_revocation_pkey" PRIMARY KEY ("tenant_id","user_id","achievement_id")
);
