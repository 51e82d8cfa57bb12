import { ChatClient, type Frame } from "./chat-client.ts";

/** A loop flow: every customer message is answered and the flow waits again, forever. */
export const ECHO_FLOW = {
  schemaVersion: 1,
  name: "Echo",
  start: "hello",
  blocks: [
    { id: "hello", type: "message", text: "Hi {{customer.name}}!", next: "listen" },
    { id: "listen", type: "wait", saveAs: "said", next: "echo" },
    { id: "echo", type: "message", text: "You said {{said}}", next: "listen" },
  ],
};

export interface LoadCounts {
  /** Client frames sent. */
  sent: number;
  /** Turns that ended with `waiting` or `ended`. */
  succeeded: number;
  /** Turns answered with an error frame, by code. */
  errors: Record<string, number>;
  /** Frames that got no end of turn while the socket stayed open (must be zero). */
  unanswered: number;
  /** Frames in flight when the server closed the socket (a shutdown). */
  cutByClose: number;
  /** The longest a frame waited for the end of its turn. */
  slowestTurnMs: number;
}

export interface Customer {
  client: ChatClient;
  customerId: string;
  token: string;
  sessionId: string;
}

/**
 * Dozens of `/chat` customers, each sending a message as soon as its previous turn ended.
 * Records every message id a client saw acknowledged (receipts and bot messages), and every
 * frame that went unanswered: the two things a fault must never break.
 */
export class ChatLoad {
  readonly customers: Customer[] = [];
  readonly acknowledged = new Set<string>();
  readonly counts: LoadCounts = { sent: 0, succeeded: 0, errors: {}, unanswered: 0, cutByClose: 0, slowestTurnMs: 0 };
  /** Successful turns per customer since `markEpoch()`. */
  #sinceEpoch = new Map<string, number>();
  #stopped = false;
  #loops: Promise<void>[] = [];
  readonly #turnTimeoutMs: number;

  private constructor(turnTimeoutMs: number) {
    this.#turnTimeoutMs = turnTimeoutMs;
  }

  /** Connects `count` new customers to `wsUrl` and reads each greeting. */
  static async connect(wsUrl: string, count: number, options: { turnTimeoutMs?: number } = {}): Promise<ChatLoad> {
    const load = new ChatLoad(options.turnTimeoutMs ?? 15_000);
    await Promise.all(
      Array.from({ length: count }, async (_, index) => {
        const client = await ChatClient.open(wsUrl, { name: `load${index}` });
        const frames = await client.turn();
        load.#acknowledge(frames);
        const session = frames[0] as Frame & { customerId: string; customerToken: string; sessionId: string };
        load.customers.push({
          client,
          customerId: session.customerId,
          token: session.customerToken,
          sessionId: session.sessionId,
        });
      }),
    );
    return load;
  }

  /** Starts every customer's send loop; `thinkMs` pauses between turns. */
  start(thinkMs = 10): void {
    this.#loops = this.customers.map((customer, index) => this.#loop(customer, index, thinkMs));
  }

  /** Counts successful turns from now on (see `everyoneSucceededSinceEpoch`). */
  markEpoch(): void {
    this.#sinceEpoch = new Map(this.customers.map((c) => [c.customerId, 0]));
  }

  /** Resolves once every customer has had `turns` successful turns since `markEpoch()`. */
  async untilEveryoneSucceeded(turns: number, timeoutMs = 20_000): Promise<void> {
    const started = Date.now();
    while ([...this.#sinceEpoch.values()].some((n) => n < turns)) {
      if (Date.now() - started > timeoutMs) {
        const behind = [...this.#sinceEpoch.values()].filter((n) => n < turns).length;
        throw new Error(`${behind} customers had fewer than ${turns} successful turns within ${timeoutMs} ms`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Stops sending and waits for every turn in flight to be answered. */
  async stop(): Promise<void> {
    this.#stopped = true;
    await Promise.all(this.#loops);
  }

  close(): void {
    for (const { client } of this.customers) client.close();
  }

  async #loop(customer: Customer, index: number, thinkMs: number): Promise<void> {
    for (let n = 0; !this.#stopped && !customer.client.closed; n++) {
      customer.client.socket.send(
        JSON.stringify({ type: "message", text: `hello ${n}`, clientMsgId: `c${index}-${n}` }),
      );
      this.counts.sent++;
      const sent = performance.now();
      let frames: Frame[];
      try {
        frames = await customer.client.turn(this.#turnTimeoutMs);
      } catch {
        if (customer.client.closed) this.counts.cutByClose++;
        else this.counts.unanswered++;
        return;
      }
      this.counts.slowestTurnMs = Math.max(this.counts.slowestTurnMs, performance.now() - sent);
      this.#acknowledge(frames);
      const last = frames[frames.length - 1]!;
      if (last.type === "error") {
        const code = String(last["code"]);
        this.counts.errors[code] = (this.counts.errors[code] ?? 0) + 1;
      } else {
        this.counts.succeeded++;
        this.#sinceEpoch.set(customer.customerId, (this.#sinceEpoch.get(customer.customerId) ?? 0) + 1);
      }
      await new Promise((resolve) => setTimeout(resolve, last.type === "error" ? 50 : thinkMs));
    }
  }

  #acknowledge(frames: Frame[]): void {
    for (const frame of frames) if (frame.type === "message") this.acknowledged.add(String(frame["id"]));
  }
}

/** Acknowledged ids that `storedIds` lacks. */
export function missingFrom(acknowledged: Iterable<string>, storedIds: Iterable<string>): string[] {
  const stored = new Set(storedIds);
  return [...acknowledged].filter((id) => !stored.has(id));
}

/** Acknowledged ids that the app's database lacks (in-process servers). */
export async function missingFromDatabase(
  database: { prisma: { message: { findMany(args: { select: { id: true } }): Promise<{ id: string }[]> } } },
  acknowledged: Iterable<string>,
): Promise<string[]> {
  const stored = await database.prisma.message.findMany({ select: { id: true } });
  return missingFrom(
    acknowledged,
    stored.map((m) => m.id),
  );
}
