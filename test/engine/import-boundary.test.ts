import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ENGINE_DIR = new URL("../../src/engine/", import.meta.url).pathname;
// re2js: the linear-time regex engine, pure computation like zod and yaml.
const ALLOWED_PACKAGES = new Set(["zod", "yaml", "re2js"]);
/** Every module a file imports: the TypeScript scanner sees imports, re-exports, import() and require(). */
function listImports(file: string): string[] {
  return ts.preProcessFile(readFileSync(file, "utf8"), true, true).importedFiles.map((imported) => imported.fileName);
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(join(dir, entry.name)) : entry.name.endsWith(".ts") ? [join(dir, entry.name)] : [],
  );
}

function isAllowed(file: string, specifier: string): boolean {
  if (ALLOWED_PACKAGES.has(specifier)) return true;
  if (!specifier.startsWith(".")) return false;
  // A relative import must stay inside src/engine.
  return !relative(ENGINE_DIR, join(file, "..", specifier)).startsWith("..");
}

describe("src/engine import boundary", () => {
  it("should import nothing but engine files, zod, yaml and re2js", () => {
    const files = listFiles(ENGINE_DIR);
    expect(files.length).toBeGreaterThan(10);
    const offending = files.flatMap((file) =>
      listImports(file)
        .filter((specifier) => !isAllowed(file, specifier))
        .map((specifier) => `${relative(ENGINE_DIR, file)} imports ${specifier}`),
    );
    expect(offending).toEqual([]);
  });

  it("should use no clock, randomness or process globals", () => {
    const impure = /\b(Date\.now|new Date|Math\.random|performance\.now|process\.|setTimeout|setInterval|crypto\.)/;
    const offending = listFiles(ENGINE_DIR).filter((file) => impure.test(readFileSync(file, "utf8")));
    expect(offending.map((file) => relative(ENGINE_DIR, file))).toEqual([]);
  });
});
