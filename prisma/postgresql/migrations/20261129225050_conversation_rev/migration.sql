-- AlterTable
ALTER TABLE "Conversation" ADD COLUMN     "rev" INTEGER NOT NULL DEFAULT 0;

