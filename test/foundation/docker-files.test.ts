import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { REPO_ROOT } from "../utils/run-cli.ts";

// No Docker engine runs here: these read the files the image and the compose stack are built
// from and check what they promise (nothing secret or test-only in the image, no default token).

const read = (file: string) => readFileSync(join(REPO_ROOT, file), "utf8");

/** `.dockerignore` patterns as Docker applies them: a match on a path or on any folder above it. */
function ignoredBy(patterns: string[]): (path: string) => boolean {
  const regexes = patterns.map((pattern) => {
    const source = pattern
      .replace(/^\//, "")
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*\*\//g, "\u0000")
      .replace(/\*/g, "[^/]*")
      .replace(/\?/g, "[^/]")
      .replaceAll("\u0000", "(?:.*/)?");
    return new RegExp(`^${source}(?:/.*)?$`);
  });
  return (path) => regexes.some((regex) => regex.test(path));
}

describe("the Docker build", () => {
  const patterns = read(".dockerignore")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
  const ignored = ignoredBy(patterns);
  const tracked = execFileSync("git", ["ls-files"], { cwd: REPO_ROOT, encoding: "utf8" }).split("\n").filter(Boolean);
  const context = [...tracked, ".env", ".env.local", "cli/.env.production", "data/pglite/PG_VERSION"].filter(
    (path) => !ignored(path),
  );

  it("should keep secrets, data, tests, benchmarks, CI and documents out of the build context", () => {
    expect(patterns.some((pattern) => pattern.includes("!"))).toBe(false); // no re-inclusion
    const unwanted = context.filter((path) =>
      /^(test|bench|\.ci|docs|data|node_modules|coverage)\/|(^|\/)\.env($|\.)|\.md$/.test(path),
    );
    expect(unwanted).toEqual([]);
  });

  it("should keep in the build context what the server runs and builds its template from", () => {
    for (const needed of [
      "package.json",
      "package-lock.json",
      "src/main.ts",
      "cli/chatflow.mjs",
      "flows/default.yaml",
      "prisma/schema.prisma",
      "prisma.config.ts",
      "scripts/postinstall.mjs",
      "scripts/build-pglite-template.ts",
    ])
      expect(context).toContain(needed);
  });

  it("should install production dependencies without the Prisma CLI and the node package, keeping what migrations need", () => {
    const dockerfile = read("Dockerfile");
    const [deps = "", runtime = ""] = dockerfile.split(/^FROM .* AS runtime$/m);
    expect(deps).toMatch(/npm ci --omit=dev --ignore-scripts/);
    expect(deps).toMatch(/npm pkg delete dependencies\.prisma dependencies\.node/);
    expect(deps).toMatch(/npm prune --omit=dev/);
    expect(deps).toMatch(/test -d node_modules\/@prisma\/schema-engine-wasm/);
    expect(runtime).toMatch(/COPY --from=deps \S+ \/app\/node_modules/);
    expect(runtime).toMatch(/COPY --from=deps \S+ \/app\/src\/storage\/generated/);
    expect(runtime).toMatch(/scripts\/build-pglite-template\.ts/);
    // The runtime copies only the (filtered) context and the deps stage: nothing else by name.
    expect(runtime.match(/^COPY .*$/gm)?.filter((line) => !line.includes("--from=deps"))).toEqual([
      "COPY --chown=node:node . .",
    ]);
    // Both prunes must be in the package list the lockfile names, or `npm pkg delete` does nothing.
    const dependencies = (JSON.parse(read("package.json")) as { dependencies: Record<string, string> }).dependencies;
    expect(Object.keys(dependencies)).toEqual(expect.arrayContaining(["prisma", "node", "@prisma/schema-engine-wasm"]));
  });
});

describe("docker-compose.yml", () => {
  it("should refuse to start the apps without ADMIN_TOKEN instead of falling back to a known one", () => {
    const compose = parse(read("docker-compose.yml"), { merge: true }) as {
      services: Record<string, { build?: unknown; environment?: Record<string, unknown> }>;
    };
    const apps = Object.entries(compose.services).filter(([, service]) => service.build !== undefined);
    expect(apps.map(([name]) => name)).toEqual(["app1", "app2"]);
    for (const [, service] of apps) {
      expect(service.environment?.["ADMIN_TOKEN"]).toMatch(/^\$\{ADMIN_TOKEN:\?[^}]+\}$/);
    }
    expect(read("docker-compose.yml")).not.toMatch(/change-me/);
  });
});
