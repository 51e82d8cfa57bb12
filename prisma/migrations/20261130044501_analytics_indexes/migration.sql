-- CreateIndex
CREATE INDEX "Session_flowVersion_createdAt_idx" ON "Session"("flowVersion", "createdAt");
