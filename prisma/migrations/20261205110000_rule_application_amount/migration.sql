-- AlterTable
ALTER TABLE "rule_application" ADD COLUMN     "amount" BIGINT NOT NULL DEFAULT 0;
