-- CreateIndex
CREATE UNIQUE INDEX "Customer_tokenHash_key" ON "Customer"("tokenHash");
