// Generates the Prisma client after `npm install`, offline. Prisma 7's CLI downloads its native
// schema engine before any command, though `generate` never uses it: pointing
// PRISMA_SCHEMA_ENGINE_BINARY at an existing file skips that download.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import path from "node:path";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const prismaCli = path.join(root, "node_modules", "prisma", "build", "index.js");
const result = spawnSync(process.execPath, [prismaCli, "generate"], {
  cwd: root,
  stdio: ["ignore", "ignore", "inherit"],
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? fileURLToPath(import.meta.url),
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
    CHECKPOINT_DISABLE: "1",
  },
});
if (result.status !== 0) {
  console.error("chatflow: `prisma generate` failed; see the lines above.");
  process.exit(result.status ?? 1);
}
console.log("chatflow: Prisma client generated in src/storage/generated");

// The embedded database template: optional (without it a first start only takes longer), so a
// failure here warns and the install goes on.
const major = Number(process.versions.node.split(".")[0]);
const template =
  major >= 22
    ? spawnSync(
        process.execPath,
        ["--disable-warning=ExperimentalWarning", path.join(root, "scripts", "build-pglite-template.ts")],
        {
          cwd: root,
          stdio: ["ignore", "inherit", "inherit"],
        },
      )
    : { status: 1 };
if (template.status !== 0)
  console.warn("chatflow: no embedded database template; the first start will initialise one (slower)");
