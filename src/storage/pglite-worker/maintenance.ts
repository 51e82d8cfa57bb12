import type { PGlite } from "@electric-sql/pglite";

/**
 * PGlite runs Postgres without its background workers, so nothing vacuums or analyses its
 * tables: without statistics the planner guesses every table is tiny (a history page took a
 * bitmap scan and a sort of the customer's whole history), and updated rows pile up dead.
 * This does autovacuum's job with autovacuum's default thresholds: ANALYZE a table once 10% of
 * it changed, VACUUM once 20% of it is dead. PGlite forgets those counts when it closes, so a
 * table is also analysed when it was never analysed or has grown by a tenth since it was
 * (its size on disk against the page count the last ANALYZE recorded in the catalog).
 * A table under ten pages is left alone: statistics taken of empty tables at a fresh start
 * misled the planner once they had grown, and the write path ran five times slower until the
 * next ANALYZE; without statistics Postgres assumes a table worth an index.
 */
const DUE_TABLES = `
  SELECT c.relname AS "table",
         size.pages >= 10
           AND (s.n_mod_since_analyze > 50 + 0.1 * s.n_live_tup
             OR c.reltuples < 0
             OR size.pages > 1.1 * c.relpages + 10) AS "analyze",
         s.n_dead_tup > 50 + 0.2 * s.n_live_tup AS "vacuum"
  FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid,
       LATERAL (SELECT pg_relation_size(c.oid) / current_setting('block_size')::int AS pages) size
  WHERE s.schemaname = 'public'`;

type DueTable = { table: string; analyze: boolean; vacuum: boolean };

/** What a round did to one table, and how long it held the database. */
export type TableUpkeep = { table: string; action: "analyze" | "vacuum"; ms: number };

/** Runs one round: vacuums and analyses the tables that are due. */
export async function maintainTables(pglite: PGlite): Promise<TableUpkeep[]> {
  const { rows } = await pglite.query<DueTable>(DUE_TABLES);
  const done: TableUpkeep[] = [];
  for (const { table, analyze, vacuum } of rows) {
    if (!vacuum && !analyze) continue;
    const name = `"${table.replaceAll('"', '""')}"`;
    const started = performance.now();
    await pglite.exec(vacuum ? `VACUUM (ANALYZE) ${name}` : `ANALYZE ${name}`);
    done.push({ table, action: vacuum ? "vacuum" : "analyze", ms: Math.round(performance.now() - started) });
  }
  return done;
}

export interface MaintenanceSchedule {
  /** Between rounds. */
  intervalMs: number;
  /**
   * Before the first round, which catches a table that grew before this start by its size. At
   * open it would hold the database while the server runs its own first queries: on a new data
   * directory it delayed the start by ~0.1 s.
   */
  firstRoundAfterMs: number;
}

/**
 * Runs a round after `firstRoundAfterMs`, then every `intervalMs` until stopped; `stop` waits
 * for a round in progress. A failed round is reported and tried again at the next: the tables
 * stay usable either way.
 */
export function scheduleMaintenance(
  pglite: PGlite,
  schedule: MaintenanceSchedule,
  report: (outcome: { tables: TableUpkeep[] } | { error: unknown }) => void,
): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const round = () => {
    running = maintainTables(pglite).then(
      (tables) => tables.length > 0 && report({ tables }),
      (error: unknown) => report({ error }),
    );
  };
  let timer = setTimeout(() => {
    round();
    timer = setInterval(round, schedule.intervalMs).unref();
  }, schedule.firstRoundAfterMs).unref();
  return {
    async stop() {
      clearTimeout(timer);
      await running;
    },
  };
}
