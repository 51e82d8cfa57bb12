import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ChildProcess } from "node:child_process";
import { requestChild } from "../process/child-request.ts";
import { forkTracked, hasExited, stopChild } from "../process/cleanup.ts";
import type {
  ChildMessage,
  ConnectResult,
  GeneratorErrors,
  GeneratorReport,
  ParentCommand,
} from "./generator-protocol.ts";

const GENERATOR = path.join(path.dirname(fileURLToPath(import.meta.url)), "load-generator.ts");

export interface LoadShape {
  customers: number;
  /** Generator processes; customers are split evenly between them. */
  generators: number;
  /** Connections opened at once, over all generators. */
  batchSize: number;
  connectTimeoutMs: number;
  turnTimeoutMs: number;
  clientMsgIds: boolean;
  /** 0: closed loop; else each customer sends one line every `paceMs` (a human pace). @default 0 */
  paceMs: number;
}

/** The merged report of every generator. */
export type FleetReport = Omit<GeneratorReport, "windowMs"> & { windowMs: number };

/** The load generator processes of one load run, driven in lock-step. */
export class GeneratorFleet {
  readonly #children: ChildProcess[];
  private constructor(children: ChildProcess[]) {
    this.#children = children;
  }

  /** Forks the generators and connects every customer (batched); resolves when all are greeted or failed. */
  static async connect(wsUrl: string, shape: LoadShape): Promise<{ fleet: GeneratorFleet; connect: ConnectResult }> {
    const count = Math.max(1, Math.min(shape.generators, shape.customers));
    const children = Array.from({ length: count }, () =>
      forkTracked(GENERATOR, [], {
        execArgv: ["--disable-warning=ExperimentalWarning"],
        serialization: "advanced",
        stdio: ["ignore", "inherit", "inherit", "ipc"],
      }),
    );
    const fleet = new GeneratorFleet(children);
    // Generous but bounded: a slow server may greet ~100 connections a second.
    const deadlineMs = 60_000 + shape.customers * 30;
    let firstIndex = 0;
    const results = await Promise.all(
      children.map((child, i) => {
        const customers = Math.floor(shape.customers / count) + (i < shape.customers % count ? 1 : 0);
        const command: ParentCommand = {
          type: "connect",
          wsUrl,
          customers,
          firstIndex,
          batchSize: Math.max(1, Math.ceil(shape.batchSize / count)),
          connectTimeoutMs: shape.connectTimeoutMs,
          turnTimeoutMs: shape.turnTimeoutMs,
          clientMsgIds: shape.clientMsgIds,
          paceMs: shape.paceMs,
        };
        firstIndex += customers;
        return request(child, command, "connected", deadlineMs);
      }),
    ).catch(async (error: unknown) => {
      await fleet.kill();
      throw error;
    });
    const connect = {
      connected: sum(results.map((r) => r.result.connected)),
      failed: sum(results.map((r) => r.result.failed)),
      connectMs: Math.max(...results.map((r) => r.result.connectMs)),
    };
    return { fleet, connect };
  }

  go(): void {
    this.#broadcast({ type: "go" });
  }

  measure(): void {
    this.#broadcast({ type: "measure" });
  }

  /** Ends the window, waits for turns in flight (bounded by `drainMs`) and merges the reports. */
  async stop(drainMs: number): Promise<FleetReport> {
    const reports = await Promise.all(
      this.#children.map((child) => request(child, { type: "stop", drainMs }, "report", drainMs + 30_000)),
    );
    return mergeReports(reports.map((r) => r.report));
  }

  /** Closes every socket and waits for the generators to exit (killed if they do not). */
  async close(): Promise<void> {
    this.#broadcast({ type: "close" });
    await Promise.all(this.#children.map((child) => waitForExit(child, 8_000)));
  }

  async kill(): Promise<void> {
    await Promise.all(this.#children.map((child) => stopChild(child, 2_000)));
  }

  #broadcast(command: ParentCommand): void {
    for (const child of this.#children) if (child.connected) child.send(command);
  }
}

function request<T extends ChildMessage["type"]>(
  child: ChildProcess,
  command: ParentCommand,
  answer: T,
  deadlineMs: number,
): Promise<Extract<ChildMessage, { type: T }>> {
  return requestChild<ChildMessage, T>("load generator", child, command, answer, deadlineMs);
}

async function waitForExit(child: ChildProcess, graceMs: number): Promise<void> {
  if (hasExited(child)) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
}

function mergeReports(reports: GeneratorReport[]): FleetReport {
  const latencies = new Float64Array(sum(reports.map((r) => r.latenciesMs.length)));
  let offset = 0;
  for (const report of reports) {
    latencies.set(report.latenciesMs, offset);
    offset += report.latenciesMs.length;
  }
  const errorKeys: (keyof GeneratorErrors)[] = ["errorFrames", "closes", "timeouts", "connectFailures"];
  return {
    turns: sum(reports.map((r) => r.turns)),
    // The windows start and end within an IPC hop of each other: their mean is the window.
    windowMs: sum(reports.map((r) => r.windowMs)) / reports.length,
    latenciesMs: latencies,
    allTurns: sum(reports.map((r) => r.allTurns)),
    allFrames: sum(reports.map((r) => r.allFrames)),
    allBytes: sum(reports.map((r) => r.allBytes)),
    errors: Object.fromEntries(
      errorKeys.map((key) => [key, sum(reports.map((r) => r.errors[key]))]),
    ) as unknown as GeneratorErrors,
    undrained: sum(reports.map((r) => r.undrained)),
    acknowledged: Object.assign({}, ...reports.map((r) => r.acknowledged)) as Record<string, number>,
  };
}

export function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
