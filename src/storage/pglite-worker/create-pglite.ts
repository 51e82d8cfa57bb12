import fs from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { copyTemplateDir, isFreshDirectory, readTemplate } from "../pglite-template.ts";

/**
 * An existing directory opens as it is; a new one starts as a copy of the install's template
 * directory, memory from its dump. Without a usable template, PGlite initialises from scratch.
 */
export async function createPglite(dataDir: string | undefined): Promise<PGlite> {
  if (dataDir === undefined) return createInMemory();
  if (!isFreshDirectory(dataDir)) return PGlite.create(dataDir);
  try {
    if (copyTemplateDir(dataDir)) return await PGlite.create(dataDir);
  } catch {
    emptyDirectory(dataDir);
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const template = readTemplate();
  if (template) {
    try {
      return await PGlite.create(dataDir, { loadDataDir: template });
    } catch {
      emptyDirectory(dataDir);
    }
  }
  return PGlite.create(dataDir);
}

async function createInMemory(): Promise<PGlite> {
  const template = readTemplate();
  if (template) {
    try {
      return await PGlite.create({ loadDataDir: template });
    } catch {
      // A damaged template must not stop the server: initialise from scratch instead.
    }
  }
  return PGlite.create();
}

function emptyDirectory(dataDir: string): void {
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { recursive: true });
}
