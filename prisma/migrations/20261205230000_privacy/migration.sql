-- Consents (seed 004 §2.5, §8.2): each user's latest decision per consent, as the product or the
-- user recorded it through the API; events check it before they are linked to the user.
CREATE TABLE "user_consent" (
    "tenant_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "consent" TEXT NOT NULL,
    "granted" BOOLEAN NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "user_consent_pkey" PRIMARY KEY ("tenant_id","user_id","consent")
);

-- Events not linked to a user (anonymous, or without a consent they need): counted per tenant,
-- type, day and reason, with no user id (the analytics of the console issue read these).
CREATE TABLE "unlinked_activity" (
    "tenant_id" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "type" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "count" BIGINT NOT NULL DEFAULT 0,
    CONSTRAINT "unlinked_activity_pkey" PRIMARY KEY ("tenant_id","day","type","reason")
);
