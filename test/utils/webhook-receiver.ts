import http from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { HANG_MS } from "./patience.ts";

/** A request the receiver took, checked against the secret with `standardwebhooks`. */
export interface ReceivedWebhook {
  id: string;
  timestamp: string;
  /** `null` when the signature did not verify. */
  payload: { type: string; timestamp: string; data: Record<string, unknown> } | null;
  /** What the receiver answered. */
  status: number;
}

/**
 * A webhook receiver on 127.0.0.1: verifies every request with `Webhook.verify`, records it,
 * and answers what `answer` says (default 200).
 */
export class WebhookReceiver {
  readonly requests: ReceivedWebhook[] = [];
  secret = "";
  answer: (request: { id: string; index: number }) => number = () => 200;
  readonly #server: http.Server;
  #waiters: (() => void)[] = [];

  private constructor() {
    this.#server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        const body = Buffer.concat(chunks).toString("utf8");
        const headers = Object.fromEntries(
          ["webhook-id", "webhook-timestamp", "webhook-signature"].map((name) => [name, String(request.headers[name])]),
        );
        let payload: ReceivedWebhook["payload"];
        try {
          payload = new Webhook(this.secret).verify(body, headers) as ReceivedWebhook["payload"];
        } catch {
          payload = null;
        }
        const id = headers["webhook-id"]!;
        const status = this.answer({ id, index: this.requests.length });
        this.requests.push({ id, timestamp: headers["webhook-timestamp"]!, payload, status });
        response.writeHead(status, { "content-type": "text/plain" });
        response.end("ok");
        for (const wake of this.#waiters.splice(0)) wake();
      });
    });
  }

  static async start(port = 0): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver();
    await new Promise<void>((resolve) => receiver.#server.listen(port, "127.0.0.1", resolve));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/hook`;
  }

  get port(): number {
    return (this.#server.address() as AddressInfo).port;
  }

  /** Requests answered 2xx, one per webhook-id. */
  delivered(): ReceivedWebhook[] {
    const seen = new Map<string, ReceivedWebhook>();
    for (const request of this.requests)
      if (request.status < 300 && !seen.has(request.id)) seen.set(request.id, request);
    return [...seen.values()];
  }

  /** Waits until `test` holds for the requests received so far. */
  async waitFor(test: (requests: ReceivedWebhook[]) => boolean, what: string): Promise<void> {
    const started = Date.now();
    while (!test(this.requests)) {
      if (Date.now() - started > HANG_MS) throw new Error(`receiver: no ${what}; got ${JSON.stringify(this.requests)}`);
      await new Promise<void>((resolve) => {
        this.#waiters.push(resolve);
        setTimeout(resolve, 1000).unref();
      });
    }
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

/** Registers a webhook over REST; returns its id and secret. */
export async function registerWebhook(
  baseUrl: string,
  body: { url: string; events: string[]; description?: string },
  token?: string,
): Promise<{ id: string; secret: string }> {
  const response = await fetch(`${baseUrl}/webhooks`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  if (response.status !== 201)
    throw new Error(`webhook registration failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as { id: string; secret: string };
}
