import { Worker } from "node:worker_threads";
import { onTestFinished } from "vitest";

const SCRIPT = `
const { parentPort, workerData } = require("node:worker_threads");
import(workerData.url)
  .then((module) => module[workerData.name](...workerData.args))
  .then((answer) => parentPort.postMessage({ answer }), (error) => parentPort.postMessage({ error: String(error) }));
`;

/**
 * Calls an exported function of a module in a worker thread and resolves with its answer. For
 * code that may block for minutes (a backtracking regex): the test's own thread stays free, so
 * the test's timeout can fail it, where a blocked thread would not even notice its timeout.
 * The worker is terminated when the test finishes, however it finishes.
 */
export function callInWorker(module: URL, name: string, args: unknown[]): Promise<unknown> {
  const worker = new Worker(SCRIPT, { eval: true, workerData: { url: module.href, name, args } });
  onTestFinished(() => worker.terminate().then(() => undefined));
  return new Promise((resolve, reject) => {
    worker.once("error", reject);
    worker.once("message", (message: { answer?: unknown; error?: string }) =>
      message.error === undefined ? resolve(message.answer) : reject(new Error(message.error)),
    );
  });
}
