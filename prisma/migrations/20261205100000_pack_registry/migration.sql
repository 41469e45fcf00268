-- AlterTable
ALTER TABLE "pack_version" ADD COLUMN     "registry" JSONB;
