import type { SqlQuery } from "@prisma/driver-adapter-utils";

/**
 * Runs one query through a Prisma driver adapter, then drops its parameters from the query
 * object. The adapters log every query they run through `@prisma/debug`, which keeps the last 100
 * calls' arguments in memory even with debugging off (for its error reports): a turn batch's
 * parameters are hundreds of KB of text, so under 1,000 busy customers those 100 held ~60 MB of
 * the heap (bench/README.md, Memory). Once the call has settled the adapter is done with the
 * query; the log keeps its SQL, not its values.
 */
export async function runForgettingArgs<T>(query: SqlQuery, run: (query: SqlQuery) => Promise<T>): Promise<T> {
  try {
    return await run(query);
  } finally {
    query.args = [];
    query.argTypes = [];
  }
}
