import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { CHATFLOW_FILES } from "./data-dir-lock.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const PGLITE_VERSION = (
  JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules/@electric-sql/pglite/package.json"), "utf8")) as {
    version: string;
  }
).version;

/**
 * A freshly initialised, migrated database, dumped once after `npm install`. Creating a PGlite
 * database runs `initdb` inside WebAssembly (seconds); loading this dump takes a fraction, so a
 * first start and every in-memory test database begin from it. Keyed by the PGlite version: a
 * dump from another version is never loaded.
 */
export const TEMPLATE_FILE = path.join(ROOT, "node_modules", ".cache", "chatflow", `pglite-${PGLITE_VERSION}.tar.gz`);

/**
 * The same database as a data directory: a new data directory starts as a copy of it, which
 * the file system does in milliseconds, where unpacking the dump through PGlite took a second.
 */
export const TEMPLATE_DIR = path.join(ROOT, "node_modules", ".cache", "chatflow", `pglite-${PGLITE_VERSION}-data`);

/** Fills a new data directory from the template directory; false when there is none. */
export function copyTemplateDir(dataDir: string): boolean {
  if (!fs.existsSync(path.join(TEMPLATE_DIR, "PG_VERSION"))) return false;
  fs.cpSync(TEMPLATE_DIR, dataDir, { recursive: true });
  return true;
}

/** The dump, or `undefined` when there is none (then PGlite initialises from scratch). */
export function readTemplate(): Blob | undefined {
  try {
    return new Blob([fs.readFileSync(TEMPLATE_FILE)]);
  } catch {
    return undefined;
  }
}

/** Whether a directory holds no database yet (absent, or only chatflow's lock files). */
export function isFreshDirectory(dataDir: string): boolean {
  try {
    return fs.readdirSync(dataDir).every((name) => CHATFLOW_FILES.has(name));
  } catch {
    return true;
  }
}

/** Writes the dump and the directory of an in-memory database prepared by `prepare` (migrations). */
export async function writeTemplate(prepare: (pglite: PGlite) => Promise<void>): Promise<void> {
  const pglite = await PGlite.create();
  await prepare(pglite);
  const dump = await pglite.dumpDataDir("gzip");
  await pglite.close();
  fs.mkdirSync(path.dirname(TEMPLATE_FILE), { recursive: true });
  const temporary = `${TEMPLATE_FILE}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, Buffer.from(await dump.arrayBuffer()));
  fs.renameSync(temporary, TEMPLATE_FILE);

  const unpacking = `${TEMPLATE_DIR}.${process.pid}.tmp`;
  const unpacked = await PGlite.create(unpacking, { loadDataDir: dump });
  await unpacked.close();
  fs.rmSync(TEMPLATE_DIR, { recursive: true, force: true });
  fs.renameSync(unpacking, TEMPLATE_DIR);
}
