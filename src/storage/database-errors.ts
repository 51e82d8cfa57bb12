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

type AdapterCause = { cause?: { originalCode?: unknown } };

/**
 * The PostgreSQL SQLSTATE of a driver adapter's error, if it has one: raised through Prisma
 * (it keeps the adapter's error in `meta`) or by the adapter itself.
 */
function sqlState(error: unknown): string | undefined {
  const raised = error as { name?: unknown; meta?: { driverAdapterError?: AdapterCause } } | null;
  const adapterError =
    raised?.name === "DriverAdapterError" ? (raised as AdapterCause) : raised?.meta?.driverAdapterError;
  const code = adapterError?.cause?.originalCode;
  return typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}
