import fs from "node:fs";
import path from "node:path";
import type { FlowCatalog } from "./chat/flow-catalog.ts";
import type { Logger } from "./observability/logger.ts";
import type { Store } from "./storage/store.ts";

export const DEFAULT_FLOW_FILE = path.resolve(import.meta.dirname, "../flows/default.yaml");

/** At first start (no flow stored yet) installs `FLOW_FILE` or the bundled default flow. */
export async function installFirstFlow(
  store: Store,
  flows: FlowCatalog,
  flowFile: string | undefined,
  logger: Logger,
): Promise<void> {
  if ((await store.findActiveFlowVersionNumber()) !== null) return;
  const file = flowFile ?? DEFAULT_FLOW_FILE;
  const format = /\.ya?ml$/i.test(file) ? "yaml" : "json";
  const upload = await flows.upload(fs.readFileSync(file, "utf8"), format);
  if (!upload.ok) {
    const problems = upload.errors.map((e) => `${e.path || "/"} ${e.code}: ${e.message}`).join("; ");
    throw new Error(`FLOW_FILE ${file} is not a valid flow: ${problems}`);
  }
  logger.info({ file, version: upload.version.version }, "installed the first flow");
}
