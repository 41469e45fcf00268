-- The live stream's per-user sequence: every notification gets the next number of its user, handed
-- out under the row lock of notification_cursor, so one user's numbers follow commit order and a
-- client resuming after number N (Last-Event-ID) misses nothing. Existing notifications are
-- numbered in id order.
ALTER TABLE "notification" ADD COLUMN "seq" BIGINT;
UPDATE "notification" n SET "seq" = s.rn
  FROM (SELECT id, row_number() OVER (PARTITION BY tenant_id, user_id ORDER BY id) AS rn FROM "notification") s
  WHERE n.id = s.id;
CREATE INDEX "notification_tenant_id_user_id_seq_idx" ON "notification" ("tenant_id", "user_id", "seq");

CREATE TABLE "notification_cursor" (
    "tenant_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "last_seq" BIGINT NOT NULL,
    CONSTRAINT "notification_cursor_pkey" PRIMARY KEY ("tenant_id","user_id")
);
INSERT INTO "notification_cursor" ("tenant_id", "user_id", "last_seq")
  SELECT tenant_id, user_id, max(seq) FROM "notification" GROUP BY tenant_id, user_id;
