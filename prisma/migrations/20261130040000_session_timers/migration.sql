-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "timerDueAt" TIMESTAMP(3),
ADD COLUMN     "timerLeaseUntil" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "Session_timerDueAt_idx" ON "Session"("timerDueAt");
