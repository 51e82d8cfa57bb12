/**
 * A load generator process (forked by the bench, driven over IPC; see generator-protocol.ts):
 * connects its share of customers in batches, then, for the conversation load, lets them talk
 * between `go` and `stop`, timing the turns that end inside the `measure`…`stop` window.
 */
import type {
  ChildMessage,
  ConnectCommand,
  GeneratorErrors,
  GeneratorReport,
  ParentCommand,
} from "./generator-protocol.ts";
import { VirtualCustomer } from "./virtual-customer.ts";

const customers: VirtualCustomer[] = [];
const errors: GeneratorErrors = { errorFrames: 0, closes: 0, timeouts: 0, connectFailures: 0 };
const latencies: number[] = [];
let measuring = false;
let windowStart = 0;
let windowEnd = 0;
let allTurns = 0;
let allFrames = 0;
let allBytes = 0;
let turnTimeoutMs = 10_000;
let timeoutScan: NodeJS.Timeout | undefined;

const events = {
  turnEnded(latencyMs: number, frames: number, bytes: number, isError: boolean) {
    allTurns++;
    allFrames += frames;
    allBytes += bytes;
    if (isError) errors.errorFrames++;
    if (measuring) latencies.push(latencyMs);
  },
  unexpectedClose() {
    errors.closes++;
  },
};

function send(message: ChildMessage): void {
  process.send?.(message);
}

async function connect(command: ConnectCommand): Promise<void> {
  turnTimeoutMs = command.turnTimeoutMs;
  const started = performance.now();
  let connected = 0;
  for (let first = 0; first < command.customers; first += command.batchSize) {
    const size = Math.min(command.batchSize, command.customers - first);
    const batch = Array.from({ length: size }, (_, i) => {
      const index = command.firstIndex + first + i;
      const url = `${command.wsUrl}/chat?name=bench${index}`;
      return new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), command.connectTimeoutMs);
        const pacing = { clientMsgIds: command.clientMsgIds, paceMs: command.paceMs };
        const customer = new VirtualCustomer(url, index, events, pacing, (ok) => {
          clearTimeout(timer);
          resolve(ok);
        });
        customers.push(customer);
      });
    });
    for (const ok of await Promise.all(batch)) {
      if (ok) connected++;
      else errors.connectFailures++;
    }
  }
  send({
    type: "connected",
    result: { connected, failed: command.customers - connected, connectMs: performance.now() - started },
  });
}

function go(): void {
  for (const customer of customers) if (customer.open) customer.startTalking();
  // One scan for every customer instead of a timer per turn: cheap at thousands of sockets.
  timeoutScan = setInterval(() => {
    const now = performance.now();
    for (const customer of customers) {
      if (customer.sentAt !== 0 && now - customer.sentAt > turnTimeoutMs) {
        errors.timeouts++;
        customer.abandon();
      }
    }
  }, 250);
}

async function stop(drainMs: number): Promise<void> {
  measuring = false;
  windowEnd = performance.now();
  for (const customer of customers) customer.stopTalking();
  const deadline = performance.now() + drainMs;
  const inFlight = () => customers.filter((c) => c.sentAt !== 0).length;
  while (inFlight() > 0 && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  clearInterval(timeoutScan);
  const acknowledged: Record<string, number> = {};
  for (const customer of customers) {
    if (customer.customerId) acknowledged[customer.customerId] = customer.acknowledged;
  }
  const report: GeneratorReport = {
    turns: latencies.length,
    windowMs: windowEnd - windowStart,
    latenciesMs: Float64Array.from(latencies),
    allTurns,
    allFrames,
    allBytes,
    errors,
    undrained: inFlight(),
    acknowledged,
  };
  send({ type: "report", report });
}

async function closeAll(): Promise<never> {
  clearInterval(timeoutScan);
  const closing = Promise.all(customers.map((customer) => customer.close()));
  await Promise.race([closing, new Promise((resolve) => setTimeout(resolve, 5_000))]);
  process.exit(0);
}

process.on("message", (command: ParentCommand) => {
  const run = async () => {
    switch (command.type) {
      case "connect":
        return connect(command);
      case "go":
        return go();
      case "measure":
        measuring = true;
        windowStart = performance.now();
        return;
      case "stop":
        return stop(command.drainMs);
      case "close":
        return closeAll();
    }
  };
  run().catch((error: unknown) => {
    send({ type: "fatal", message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    process.exit(1);
  });
});
// The bench is gone (it crashed or was killed): nothing left to report to.
process.on("disconnect", () => process.exit(0));
