-- CreateEnum
CREATE TYPE "HandoffStatus" AS ENUM ('QUEUED', 'ASSIGNED', 'RELEASED');

-- AlterEnum
ALTER TYPE "Sender" ADD VALUE 'OPERATOR';

-- AlterTable
ALTER TABLE "Message" ADD COLUMN     "operator" TEXT;

-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "handoffOperator" TEXT,
ADD COLUMN     "handoffOperatorId" TEXT,
ADD COLUMN     "handoffQueue" TEXT,
ADD COLUMN     "handoffSince" TIMESTAMP(3),
ADD COLUMN     "handoffStatus" "HandoffStatus";

-- CreateTable
CREATE TABLE "Operator" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Operator_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Operator_tokenHash_key" ON "Operator"("tokenHash");

-- CreateIndex
CREATE INDEX "Session_handoffStatus_handoffSince_idx" ON "Session"("handoffStatus", "handoffSince");
