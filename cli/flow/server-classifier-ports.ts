import type { EnginePorts } from "../../src/engine/index.ts";
import { noHttp } from "./offline-ports.ts";

/**
 * The server's own offline classifiers (`src/ai`), without an LLM: closer to production than
 * word overlap, at the cost of loading their models. Imported lazily so the other commands
 * never pay for it.
 */
export async function createServerClassifierPorts(): Promise<EnginePorts & { close(): Promise<void> }> {
  const [{ createAiPorts }, { default: pino }] = await Promise.all([
    import("../../src/ai/create-ai-ports.ts"),
    import("pino"),
  ]);
  const ports = createAiPorts({
    openai: undefined,
    history: async () => [],
    logger: pino({ level: "silent" }),
  });
  await ports.warmUp();
  // `runFlowTests` answers http blocks from each test's canned `http` answers; nothing is called.
  return Object.assign(ports, { callHttp: noHttp });
}
