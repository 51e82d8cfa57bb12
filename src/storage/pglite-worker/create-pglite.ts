import fs from "node:fs";
import path from "node:path";
import { PGlite, type PGliteOptions } from "@electric-sql/pglite";
import { CHATFLOW_FILES } from "../data-dir-lock.ts";
import { copyTemplateDir, isFreshDirectory, readTemplate } from "../pglite-template.ts";

/**
 * An existing directory opens as it is; a new one starts as a copy of the install's template
 * directory, memory from its dump. Without a usable template, PGlite initialises from scratch.
 * `sharedBuffers` is Postgres's `shared_buffers` (`32MB`, …): PGlite zeroes all of it at every
 * start, slowly (see "Embedded database memory" in the README).
 */
export async function createPglite(dataDir: string | undefined, sharedBuffers: string): Promise<PGlite> {
  const settings = { startParams: [...PGlite.defaultStartParams, "-c", `shared_buffers=${sharedBuffers}`] };
  if (dataDir === undefined) return createInMemory(settings);
  if (!isFreshDirectory(dataDir)) return PGlite.create(dataDir, settings);
  try {
    if (copyTemplateDir(dataDir)) return await PGlite.create(dataDir, settings);
  } catch {
    emptyDirectory(dataDir);
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const template = readTemplate();
  if (template) {
    try {
      return await PGlite.create(dataDir, { ...settings, loadDataDir: template });
    } catch {
      emptyDirectory(dataDir);
    }
  }
  return PGlite.create(dataDir, settings);
}

async function createInMemory(settings: PGliteOptions): Promise<PGlite> {
  const template = readTemplate();
  if (template) {
    try {
      return await PGlite.create({ ...settings, loadDataDir: template });
    } catch {
      // A damaged template must not stop the server: initialise from scratch instead.
    }
  }
  return PGlite.create(settings);
}

/** Empties a directory that a failed start half filled; the lock files stay (the lock is held). */
function emptyDirectory(dataDir: string): void {
  for (const name of fs.readdirSync(dataDir)) {
    if (!CHATFLOW_FILES.has(name)) fs.rmSync(path.join(dataDir, name), { recursive: true, force: true });
  }
}
