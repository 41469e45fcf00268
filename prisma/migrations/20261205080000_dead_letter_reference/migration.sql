-- AlterTable
ALTER TABLE "dead_letter" ADD COLUMN     "original_bytes" INTEGER,
ADD COLUMN     "original_sha256" TEXT;

