-- AlterTable: the turn that wrote a message (as Step."turn"), which ties a customer line to the
-- decisions made on it. Messages stored before this migration keep NULL.
ALTER TABLE "Message" ADD COLUMN "turn" INTEGER;
