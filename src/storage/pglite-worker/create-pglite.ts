import fs from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { isFreshDirectory, readTemplate } from "../pglite-template.ts";

/** An existing directory opens as it is; a new one (or memory) starts from the install's template. */
export async function createPglite(dataDir: string | undefined): Promise<PGlite> {
  const template = dataDir === undefined || isFreshDirectory(dataDir) ? readTemplate() : undefined;
  if (dataDir !== undefined) fs.mkdirSync(dataDir, { recursive: true });
  if (template) {
    try {
      return dataDir === undefined
        ? await PGlite.create({ loadDataDir: template })
        : await PGlite.create(dataDir, { loadDataDir: template });
    } catch {
      // A damaged template must not stop the server: initialise from scratch instead.
      if (dataDir !== undefined) {
        fs.rmSync(dataDir, { recursive: true, force: true });
        fs.mkdirSync(dataDir, { recursive: true });
      }
    }
  }
  return dataDir === undefined ? PGlite.create() : PGlite.create(dataDir);
}
