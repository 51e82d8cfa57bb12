import fs from "node:fs";
import path from "node:path";

/** One fault category's tally, as the reliability report prints it. */
export interface CategoryCounts {
  /** Fault injections or inputs tried. */
  tried: number;
  /** Must be zero: a server process that died, or an uncaught exception in one. */
  crashes: number;
  /** Must be zero. */
  unhandledRejections: number;
  /** Must be zero: message ids a client saw acknowledged and the database lacks. */
  acknowledgedMissing: number;
  /** Anything else worth reading in the report (turns answered, errors by code, …). */
  details?: Record<string, unknown>;
}

export const RESULTS_DIR = "test-results";
export const RELIABILITY_COUNTS = path.join(RESULTS_DIR, "reliability-counts.json");

/**
 * Writes a category's counts into `test-results/reliability-counts.json`, replacing what an
 * earlier run wrote for it (each category comes from one test file). Test files run in parallel
 * workers, so the read-modify-write happens under a lock file.
 */
export async function recordCounts(category: string, counts: CategoryCounts): Promise<void> {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const lock = `${RELIABILITY_COUNTS}.lock`;
  for (;;) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: "wx" });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      // A lock older than 10 s belongs to a worker that died.
      const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 10_000) fs.rmSync(lock, { force: true });
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
  try {
    const existing = fs.existsSync(RELIABILITY_COUNTS)
      ? (JSON.parse(fs.readFileSync(RELIABILITY_COUNTS, "utf8")) as { categories?: Record<string, CategoryCounts> })
      : {};
    const categories = { ...existing.categories, [category]: counts };
    const body = JSON.stringify({ updatedAt: new Date().toISOString(), categories }, null, 2);
    fs.writeFileSync(`${RELIABILITY_COUNTS}.tmp`, body);
    fs.renameSync(`${RELIABILITY_COUNTS}.tmp`, RELIABILITY_COUNTS);
  } finally {
    fs.rmSync(lock, { force: true });
  }
}

/**
 * Counts unhandled rejections and uncaught exceptions in this worker while a test's in-process
 * servers run. Vitest reports them too; the count goes to the report.
 */
export function watchProcessFaults(): {
  readonly unhandledRejections: number;
  readonly uncaught: number;
  stop(): void;
} {
  const counts = { unhandledRejections: 0, uncaught: 0 };
  const onRejection = () => counts.unhandledRejections++;
  const onException = () => counts.uncaught++;
  process.on("unhandledRejection", onRejection);
  process.on("uncaughtException", onException);
  return {
    get unhandledRejections() {
      return counts.unhandledRejections;
    },
    get uncaught() {
      return counts.uncaught;
    },
    stop() {
      process.off("unhandledRejection", onRejection);
      process.off("uncaughtException", onException);
    },
  };
}
