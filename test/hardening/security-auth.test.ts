import fs from "node:fs";
import path from "node:path";
import { createClient } from "graphql-ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { parseConfig } from "../../src/config/env.ts";
import { createFakePorts } from "../utils/fake-ports.ts";
import { tallyEachTest } from "../utils/hardening-counts.ts";
import { tryUpgrade } from "../utils/raw-upgrade.ts";
import { startTestApp } from "../utils/start-test-app.ts";

const ADMIN = "0123456789abcdef0123456789abcdef-admin";
const FAILURES = 3;
let app: Awaited<ReturnType<typeof startTestApp>>;
let customer: { customerId: string; customerToken: string };

// TRUST_PROXY lets each case come from its own address (X-Forwarded-For), so one case's
// failures do not block the next.
beforeAll(async () => {
  app = await startTestApp(
    { ADMIN_TOKEN: ADMIN, AUTH_FAILURES_PER_MINUTE: String(FAILURES), TRUST_PROXY: "1" },
    { ports: createFakePorts() },
  );
  const started = await graphql("mutation { startConversation { customerId customerToken } }", "198.51.100.1");
  customer = (started.body as { data: { startConversation: typeof customer } }).data.startConversation;
}, 120_000);
afterAll(() => app?.stop());
tallyEachTest("security/auth", () => app.url);

let nextAddress = 10;
const freshAddress = () => `203.0.113.${nextAddress++}`;

/** Retry-After of a blocked address: the time one failure's allowance takes to come back, 1 to 60/FAILURES s. */
function expectWaitForOneFailure(header: string | string[] | null | undefined) {
  const seconds = Number(header);
  expect(Number.isInteger(seconds) && seconds >= 1 && seconds <= 60 / FAILURES, `Retry-After: ${String(header)}`).toBe(
    true,
  );
}

async function rest(route: string, address: string, token?: string) {
  const response = await fetch(`${app.url}${route}`, {
    headers: { "x-forwarded-for": address, ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });
  return {
    status: response.status,
    auth: response.headers.get("www-authenticate"),
    retryAfter: response.headers.get("retry-after"),
    body: (await response.json()) as unknown,
  };
}

async function graphql(query: string, address: string, token?: string) {
  const response = await fetch(`${app.url}/graphql`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-forwarded-for": address,
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query }),
  });
  return {
    status: response.status,
    auth: response.headers.get("www-authenticate"),
    retryAfter: response.headers.get("retry-after"),
    body: (await response.json()) as unknown,
  };
}

const code = (body: unknown) =>
  (body as { errors?: { extensions?: { code?: string } }[] }).errors?.[0]?.extensions?.code;

/** Opens graphql-ws with a token and reports the close code, or "acknowledged". */
function wsConnect(token: string, address: string): Promise<number | "acknowledged"> {
  return new Promise((resolve) => {
    const client = createClient({
      url: `${app.wsUrl}/graphql`,
      webSocketImpl: class extends WebSocket {
        constructor(url: string, protocols: string | string[]) {
          super(url, protocols, { headers: { "x-forwarded-for": address } });
        }
      },
      retryAttempts: 0,
      lazy: false,
      onNonLazyError: () => {},
      connectionParams: { authorization: `Bearer ${token}` },
      on: {
        connected: () => {
          resolve("acknowledged");
          void client.dispose();
        },
        closed: (event) => resolve((event as { code: number }).code),
      },
    });
  });
}

describe("401 answers", () => {
  it("should carry WWW-Authenticate: Bearer on REST, without a token and with a wrong one", async () => {
    for (const token of [undefined, "wrong-token"]) {
      const answer = await rest("/config", freshAddress(), token);
      expect(answer).toMatchObject({ status: 401, auth: "Bearer", body: { error: "UNAUTHORIZED" } });
    }
  });

  it("should answer a wrong bearer token on GraphQL with 401 UNAUTHORIZED and WWW-Authenticate", async () => {
    const answer = await graphql("{ flowConfig { version } }", freshAddress(), "wrong-token");
    expect(answer.status).toBe(401);
    expect(answer.auth).toBe("Bearer");
    expect(code(answer.body)).toBe("UNAUTHORIZED");
  });

  it("should answer an operator operation without a token UNAUTHORIZED, and with a customer token FORBIDDEN", async () => {
    const anonymous = await graphql("mutation { activateFlowVersion(version: 1) { version } }", freshAddress());
    expect(code(anonymous.body)).toBe("UNAUTHORIZED");
    expect(anonymous.auth).toBe(anonymous.status === 401 ? "Bearer" : null);
    const asCustomer = await graphql("{ flowConfig { version } }", freshAddress(), customer.customerToken);
    expect(code(asCustomer.body)).toBe("FORBIDDEN");
  });

  it("should carry WWW-Authenticate on a /chat upgrade refused with 401", async () => {
    const refused = await new Promise<{ status: number; auth: string | undefined }>((resolve, reject) => {
      const socket = new WebSocket(`${app.wsUrl}/chat?customerId=${customer.customerId}&token=wrong`, {
        headers: { "x-forwarded-for": freshAddress() },
      });
      socket.once("unexpected-response", (_request, response) =>
        resolve({ status: response.statusCode ?? 0, auth: response.headers["www-authenticate"] }),
      );
      socket.once("open", () => reject(new Error("opened")));
      socket.once("error", reject);
    });
    expect(refused).toEqual({ status: 401, auth: "Bearer" });
  });
});

describe("failed authentications per address", () => {
  it("should refuse REST with 429 RATE_LIMITED after the limit, even the right token, and not other addresses", async () => {
    const address = freshAddress();
    for (let i = 0; i < FAILURES; i++) expect((await rest("/config/versions", address, `guess-${i}`)).status).toBe(401);
    const blocked = await rest("/config/versions", address, ADMIN);
    expect(blocked).toMatchObject({ status: 429, body: { error: "RATE_LIMITED" } });
    expectWaitForOneFailure(blocked.retryAfter);
    expect((await rest("/config/versions", freshAddress(), ADMIN)).status).toBe(200);
  });

  it("should count GraphQL HTTP guesses and then refuse with RATE_LIMITED", async () => {
    const address = freshAddress();
    for (let i = 0; i < FAILURES; i++) {
      expect(code((await graphql("{ __typename }", address, `guess-${i}`)).body)).toBe("UNAUTHORIZED");
    }
    const blocked = await graphql("{ __typename }", address, customer.customerToken);
    expect(blocked.status).toBe(429);
    expect(code(blocked.body)).toBe("RATE_LIMITED");
    expectWaitForOneFailure(blocked.retryAfter);
    // A request without a token is no guess: anonymous customers from that address still start.
    expect((await graphql("{ __typename }", address)).status).toBe(200);
  });

  it("should close graphql-ws connections with a wrong token with 4401, then 4429", async () => {
    const address = freshAddress();
    for (let i = 0; i < FAILURES; i++) expect(await wsConnect(`guess-${i}`, address)).toBe(4401);
    expect(await wsConnect(ADMIN, address)).toBe(4429);
    expect(await wsConnect(ADMIN, freshAddress())).toBe("acknowledged");
  });

  it("should count wrong /chat tokens and then refuse the upgrade with 429", async () => {
    const address = freshAddress();
    const url = (token: string) => `${app.wsUrl}/chat?customerId=${customer.customerId}&token=${token}`;
    for (let i = 0; i < FAILURES; i++) {
      expect((await tryUpgrade(url(`guess-${i}`), { "x-forwarded-for": address })).status).toBe(401);
    }
    const blocked = await tryUpgrade(url(customer.customerToken), { "x-forwarded-for": address });
    expect(blocked.status).toBe(429);
    if (!("body" in blocked)) throw new Error("the upgrade was accepted");
    expect(JSON.parse(blocked.body)).toMatchObject({ error: "RATE_LIMITED" });
    expectWaitForOneFailure(blocked.headers["retry-after"]);
    const other = await tryUpgrade(url(customer.customerToken), { "x-forwarded-for": freshAddress() });
    expect(other.status).toBe(101);
    if ("socket" in other) other.socket.close();
  });

  it("should read AUTH_FAILURES_PER_MINUTE, 10 by default, 0 for no limit", () => {
    const limits = (env: Record<string, string>) => {
      const parsed = parseConfig(env);
      return parsed.ok ? parsed.config.limits.authFailuresPerMinute : parsed.problems;
    };
    expect(limits({})).toBe(10);
    expect(limits({ AUTH_FAILURES_PER_MINUTE: "0" })).toBe(0);
    expect(limits({ AUTH_FAILURES_PER_MINUTE: "-1" })).toEqual([
      "AUTH_FAILURES_PER_MINUTE: must be 0 or more (0: no limit)",
    ]);
  });
});

describe("ADMIN_TOKEN itself", () => {
  it("should refuse a short ADMIN_TOKEN on a non-loopback HOST with one line naming it", () => {
    for (const token of ["a", "x".repeat(31)]) {
      const parsed = parseConfig({ HOST: "0.0.0.0", ADMIN_TOKEN: token });
      expect(parsed.ok ? [] : parsed.problems).toEqual([
        expect.stringMatching(/^ADMIN_TOKEN: must be at least 32 characters when HOST \(0\.0\.0\.0\)/),
      ]);
    }
    expect(parseConfig({ HOST: "0.0.0.0", ADMIN_TOKEN: "x".repeat(32) }).ok).toBe(true);
  });

  it("should compare no token with === or !== anywhere in src (constant time only)", () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory() && entry.name !== "generated") walk(file);
        else if (entry.name.endsWith(".ts")) {
          fs.readFileSync(file, "utf8")
            .split("\n")
            .forEach((line, index) => {
              // A comparison of something named like a token or secret with another value, not with undefined/null/"".
              if (/(token|secret|hash)\w*\s*[!=]==\s*(?!undefined|null|""|\d)\w/i.test(line))
                offenders.push(`${file}:${index + 1}: ${line.trim()}`);
              if (/\w\s*[!=]==\s*\w*(token|secret)\b/i.test(line) && !/[!=]==\s*(undefined|null)/.test(line))
                offenders.push(`${file}:${index + 1}: ${line.trim()}`);
            });
        }
      }
    };
    walk("src");
    expect(offenders).toEqual([]);
  });
});
