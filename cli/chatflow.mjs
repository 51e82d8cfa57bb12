#!/usr/bin/env node
// `npx chatflow …`: runs cli/main.ts with a Node that strips TypeScript types (22.18+, 23.6+,
// 24+). An older system Node re-executes with the project's own Node 24 (the `node` package),
// so the CLI works wherever `npm install` ran. Plain JS on purpose: it must start on any Node.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const main = join(here, "main.ts");

function stripsTypes(version) {
  const [major, minor] = version.replace(/^v/, "").split(".").map(Number);
  return major >= 24 || (major === 23 && minor >= 6) || (major === 22 && minor >= 18);
}

function projectNode() {
  // The `node` package may be hoisted above this package's own node_modules; ask the resolver.
  const candidates = [];
  try {
    const require = createRequire(import.meta.url);
    candidates.push(join(dirname(require.resolve("node/package.json")), "bin", "node"));
  } catch {
    // not resolvable from here: try the usual place
  }
  candidates.push(join(here, "..", "node_modules", "node", "bin", "node"));
  return candidates.find((path) => existsSync(path));
}

const node = stripsTypes(process.version) ? process.execPath : projectNode();
if (!node) {
  process.stderr.write(
    `chatflow: Node ${process.version} cannot run TypeScript and the project's Node 24 is missing: run \`npm install\`, or use Node 22.18 or newer\n`,
  );
  process.exit(1);
}

const child = spawn(node, ["--disable-warning=ExperimentalWarning", main, ...process.argv.slice(2)], {
  stdio: "inherit",
});

// A signal sent to this launcher (kill, a supervisor) must reach the CLI; a terminal's Ctrl-C
// already reaches both, and the CLI takes a repeated signal in its stride.
const forwarded = ["SIGINT", "SIGTERM", "SIGHUP"];
for (const signal of forwarded) process.on(signal, () => child.kill(signal));

child.on("error", (error) => {
  process.stderr.write(`chatflow: cannot start ${node}: ${error.message}\n`);
  process.exit(1);
});
child.on("exit", (code, signal) => {
  if (signal) {
    // Die of the same signal, so a shell sees what the CLI saw.
    for (const name of forwarded) process.removeAllListeners(name);
    process.kill(process.pid, signal);
    return;
  }
  process.exit(code ?? 1);
});
