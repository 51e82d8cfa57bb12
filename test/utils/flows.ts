import { readFileSync } from "node:fs";
import { parseFlowText } from "../../src/engine/validation/parseFlowText.ts";
import { validateFlow } from "../../src/engine/validation/validateFlow.ts";
import type { Flow } from "../../src/engine/schema/flow-schema.ts";

const root = new URL("../../", import.meta.url);

/** Reads a file relative to the repository root. */
export function readRepoFile(path: string): string {
  return readFileSync(new URL(path, root), "utf8");
}

/** Loads and validates a flow file; a test flow that does not validate is a broken test. */
export function loadFlow(path: string): Flow {
  const result = parseFlowText(readRepoFile(path), path.endsWith(".json") ? "json" : "yaml");
  if (!result.ok) throw new Error(`${path} is invalid: ${JSON.stringify(result.errors, null, 2)}`);
  return result.flow;
}

/** A valid flow from a few blocks; `start` defaults to the first block. */
export function buildFlow(blocks: unknown[], extra: Record<string, unknown> = {}): Flow {
  const first = blocks[0] as { id: string };
  const result = validateFlow({ schemaVersion: 1, name: "Test", start: first.id, blocks, ...extra });
  if (!result.ok) throw new Error(`test flow is invalid: ${JSON.stringify(result.errors, null, 2)}`);
  return result.flow;
}
