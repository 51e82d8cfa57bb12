-- Fewer checks per turn (issue 23). Each turn's statement inserts ~5 Step rows and 2 Message rows
-- for the sessions it writes in the same statement. The foreign keys below were checked row by
-- row (a lookup of the parent key under a share lock) and cost about a quarter of the statement.
-- Message keeps its key to Session (Message -> Session -> Customer already names the customer).
-- Step, an append-only trace only that statement writes, keeps none, and is keyed by its
-- session instead of a global sequence plus an index: one index per row instead of two.
-- DropForeignKey
ALTER TABLE "Message" DROP CONSTRAINT "Message_customerId_fkey";

-- DropForeignKey
ALTER TABLE "Step" DROP CONSTRAINT "Step_sessionId_fkey";

-- DropIndex
DROP INDEX "Step_sessionId_seq_idx";

-- AlterTable
ALTER TABLE "Step" DROP CONSTRAINT "Step_pkey",
ADD CONSTRAINT "Step_pkey" PRIMARY KEY ("sessionId", "seq");
