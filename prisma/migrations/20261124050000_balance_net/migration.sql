-- AlterTable
ALTER TABLE "balance" ADD COLUMN     "net" BIGINT NOT NULL DEFAULT 0;


-- Backfill from the ledger (append-only, so this is exact).
UPDATE "balance" b SET "net" = coalesce((
  SELECT sum(l."amount") FROM "ledger_entry" l
   WHERE l."tenant_id" = b."tenant_id" AND l."user_id" = b."user_id" AND l."currency" = b."currency"
     AND l."kind" IN ('earn', 'adjust', 'compensate')), 0);
