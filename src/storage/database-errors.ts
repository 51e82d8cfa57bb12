/**
 * True when the database received the statement and answered with an error of its own (a
 * constraint, a bad value, a bug in the SQL): the statement did not commit, and trying again
 * differently can help. False when the connection failed or timed out, when whether it
 * committed is unknown, and for anything that is not a database error at all.
 */
export function databaseRefused(error: unknown): boolean {
  const code = sqlState(error);
  // Class 08: connection exception; 57P: the server shutting down or restarting.
  return code !== undefined && !code.startsWith("08") && !code.startsWith("57P");
}

/** The PostgreSQL SQLSTATE of a Prisma error raised through a driver adapter, if it has one. */
function sqlState(error: unknown): string | undefined {
  const meta = (error as { meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } } } | null)?.meta;
  const code = meta?.driverAdapterError?.cause?.originalCode;
  return typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}
