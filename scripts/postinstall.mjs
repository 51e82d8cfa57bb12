// Generates the Prisma client after `npm install`, offline. Prisma 7's CLI downloads its native
// schema engine before any command, though `generate` never uses it: pointing
// PRISMA_SCHEMA_ENGINE_BINARY at an existing file skips that download.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
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
readQueryCompilerFromFile();

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

/**
 * The generated client imports Prisma's query compiler as a 4.4 MB base64 string in a JS module,
 * which the server's heap then holds twice for good (the module's source and the string). It is
 * decoded once here into a .wasm file that the client reads instead (~9 MB less heap). A client
 * whose code has another shape (a Prisma upgrade) is left as generated.
 */
function readQueryCompilerFromFile() {
  const generated = path.join(root, "src", "storage", "generated");
  const classFile = path.join(generated, "internal", "class.ts");
  const text = fs.readFileSync(classFile, "utf8");
  const loader =
    /const \{ wasm \} = await import\("@prisma\/client\/(runtime\/query_compiler_[\w.]+?\.wasm-base64)\.mjs"\)\s*return await decodeBase64AsWasm\(wasm\)/.exec(
      text,
    );
  const base64Module = loader && path.join(root, "node_modules", "@prisma", "client", `${loader[1]}.js`);
  if (!loader || !fs.existsSync(base64Module)) {
    console.warn("chatflow: the Prisma client keeps its query compiler as base64 (its generated code changed)");
    return;
  }
  const base64 = /"([A-Za-z0-9+/=]+)"/.exec(fs.readFileSync(base64Module, "utf8"));
  if (!base64) return;
  fs.writeFileSync(path.join(generated, "query-compiler.wasm"), Buffer.from(base64[1], "base64"));
  const readFile = `const { readFile } = await import("node:fs/promises")
    return new WebAssembly.Module(await readFile(new URL("../query-compiler.wasm", import.meta.url)))`;
  fs.writeFileSync(classFile, text.replace(loader[0], readFile));
}
