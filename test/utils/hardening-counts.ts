import fs from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll } from "vitest";

/**
 * What the fuzz tests tried, for the reliability report: `test-results/hardening-counts.json`.
 *
 * ```json
 * {
 *   "flow-validator/json-values": { "tried": 1500, "crashes": 0, "unhandledRejections": 0 },
 *   "live-chat/binary": { "tried": 61, "crashes": 0, "unhandledRejections": 0 }
 * }
 * ```
 *
 * - key: `<suite>/<category>`, one per kind of generated input
 * - `tried`: inputs generated and fed to the code under test in this run
 * - `crashes`: inputs for which the code under test threw (unit fuzzing), or after which the
 *   live server stopped answering, closed a socket abnormally or answered `INTERNAL`
 * - `unhandledRejections`: promise rejections nobody handled while the category ran (the
 *   server runs in the test process, so its rejections are counted too)
 *
 * Each fuzz file merges its own keys into the file when it ends and leaves the others alone,
 * so files running in parallel workers, and other suites, can share it.
 */
export interface CategoryCount {
  tried: number;
  crashes: number;
  unhandledRejections: number;
}

export const COUNTS_FILE = path.resolve(import.meta.dirname, "../../test-results/hardening-counts.json");

/** Tallies the categories of one fuzz file; `unhandledRejections` are counted while it listens. */
export class FuzzTally {
  readonly counts: Record<string, CategoryCount> = {};
  #current: string | undefined;
  readonly #onRejection = () => {
    if (this.#current) this.#count(this.#current).unhandledRejections += 1;
  };

  /** Starts counting unhandled rejections against `category` (until the next `during`). */
  during(category: string): void {
    this.#count(category);
    this.#current = category;
  }

  tried(category: string, crashed = false): void {
    const count = this.#count(category);
    count.tried += 1;
    if (crashed) count.crashes += 1;
  }

  listen(): void {
    process.on("unhandledRejection", this.#onRejection);
  }

  /** Stops listening and merges this file's counts into the shared file. */
  write(): void {
    process.off("unhandledRejection", this.#onRejection);
    mergeCounts(this.counts);
  }

  #count(category: string): CategoryCount {
    return (this.counts[category] ??= { tried: 0, crashes: 0, unhandledRejections: 0 });
  }
}

/** Read, merge, write under a lock directory (mkdir is atomic), then rename into place. */
export function mergeCounts(counts: Record<string, CategoryCount>): void {
  fs.mkdirSync(path.dirname(COUNTS_FILE), { recursive: true });
  const lock = `${COUNTS_FILE}.lock`;
  const deadline = Date.now() + 5000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      // A lock left behind by a killed run goes stale after the deadline.
      if (Date.now() > deadline) break;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
    }
  }
  try {
    let existing: Record<string, CategoryCount> = {};
    try {
      existing = JSON.parse(fs.readFileSync(COUNTS_FILE, "utf8")) as Record<string, CategoryCount>;
    } catch {
      // No file yet, or a broken one: start over.
    }
    const temporary = `${COUNTS_FILE}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, `${JSON.stringify({ ...existing, ...counts }, null, 2)}\n`);
    fs.renameSync(temporary, COUNTS_FILE);
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * Counts every test of a hardening file as one bad input tried under `category`; after each, the
 * server must still answer HTTP on `/healthz`, or the input counts as a crash. (A 503 is an
 * answer: on a loaded machine the health probe's own 2 s database deadline can pass.) Call at
 * module level.
 */
export function tallyEachTest(category: string, healthUrl: () => string): void {
  const tally = new FuzzTally();
  beforeAll(() => {
    tally.listen();
    tally.during(category);
  });
  afterEach(async (context) => {
    const alive = await fetch(`${healthUrl()}/healthz`).then(
      (response) => response.status === 200 || response.status === 503,
      () => false,
    );
    if (!alive) console.error(`[hardening] /healthz did not answer after: ${context.task.name}`);
    tally.tried(category, !alive);
  });
  afterAll(() => tally.write());
}
