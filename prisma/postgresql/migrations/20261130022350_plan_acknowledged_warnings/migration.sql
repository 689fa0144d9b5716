-- AlterTable
ALTER TABLE "Plan" ADD COLUMN     "acknowledgedWarnings" JSONB;

