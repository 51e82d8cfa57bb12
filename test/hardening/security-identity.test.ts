import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCustomerToken, hashCustomerToken } from "../../src/chat/customer-tokens.ts";
import { parseConfig } from "../../src/config/env.ts";
import { ChatClient, type Frame } from "../utils/chat-client.ts";
import { createFakePorts } from "../utils/fake-ports.ts";
import { readRepoFile } from "../utils/flows.ts";
import { tallyEachTest } from "../utils/hardening-counts.ts";
import { tryUpgrade } from "../utils/raw-upgrade.ts";
import { lines, runCli, tempConfigHome } from "../utils/run-cli.ts";
import { startTestApp, uploadFlow } from "../utils/start-test-app.ts";

type TestApp = Awaited<ReturnType<typeof startTestApp>>;
type SessionFrame = Frame & { sessionId: string; customerId: string; customerToken?: string; resumed: boolean };

const SECRET = "test-secret-0123456789abcdef0123456789";
// What the business's backend computes; written out here rather than taken from the server's code.
const sign = (id: string, secret = SECRET) => createHmac("sha256", secret).update(id).digest("hex");

let verifying: TestApp;
let open: TestApp;

beforeAll(async () => {
  const coffee = JSON.parse(readRepoFile("test/fixtures/coffee.json")) as unknown;
  [verifying, open] = await Promise.all([
    startTestApp({ CUSTOMER_ID_SECRET: SECRET }, { ports: createFakePorts() }),
    startTestApp({}, { ports: createFakePorts() }),
  ]);
  await Promise.all([uploadFlow(verifying.url, coffee), uploadFlow(open.url, coffee)]);
  // Two servers starting on a machine shared with other test runs can take a while.
}, 120_000);
afterAll(async () => {
  await Promise.all([verifying.stop(), open.stop()]);
});
tallyEachTest("security/identity", () => verifying.url);

async function chat(query: Record<string, string | undefined>, app = verifying) {
  const client = await ChatClient.open(app.wsUrl, query);
  const session = (await client.turn()).find((frame) => frame.type === "session") as SessionFrame;
  client.close();
  return session;
}

async function refusedChat(query: Record<string, string>, app = verifying) {
  const outcome = await tryUpgrade(`${app.wsUrl}/chat?${new URLSearchParams(query)}`);
  if (!("body" in outcome)) {
    outcome.socket.close();
    throw new Error("the upgrade was accepted");
  }
  return { status: outcome.status, body: JSON.parse(outcome.body) as { error: string; message: string } };
}

interface Started {
  sessionId: string;
  customerId: string;
  customerToken: string;
  resumed: boolean;
}

async function startConversation(variables: Record<string, string>, token?: string, app = verifying) {
  const response = await fetch(`${app.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({
      query: `mutation($id: ID, $sig: String) {
        startConversation(customerId: $id, customerIdSignature: $sig) { sessionId customerId customerToken resumed }
      }`,
      variables,
    }),
  });
  const answer = (await response.json()) as {
    data?: { startConversation: Started } | null;
    errors?: Array<{ message: string; extensions?: { code?: string } }>;
  };
  return { started: answer.data?.startConversation, codes: answer.errors?.map((e) => e.extensions?.code) };
}

const customerExists = (app: TestApp, id: string) => app.database.prisma.customer.count({ where: { id } });

describe("identity verification on /chat (CUSTOMER_ID_SECRET set)", () => {
  it("should refuse a chosen customerId without a signature with 401, creating nothing", async () => {
    expect(await refusedChat({ customerId: "alice.smith@example.com" })).toEqual({
      status: 401,
      body: { error: "UNAUTHORIZED", message: expect.stringContaining("customerIdSignature is required") },
    });
    expect(await customerExists(verifying, "alice.smith@example.com")).toBe(0);
  });

  it("should refuse a wrong signature with 401, and a malformed one with 400", async () => {
    for (const signature of [sign("someone-else"), sign("bob", "another-secret-0123456789abcdef0123")]) {
      expect(await refusedChat({ customerId: "bob", customerIdSignature: signature })).toEqual({
        status: 401,
        body: { error: "UNAUTHORIZED", message: "customerIdSignature is not this customerId's signature" },
      });
    }
    const malformed = await refusedChat({ customerId: "bob", customerIdSignature: "not-hex" });
    expect(malformed).toMatchObject({ status: 400, body: { error: "BAD_REQUEST" } });
    expect(await customerExists(verifying, "bob")).toBe(0);
  });

  it("should create a customer with a signed id, and let the signature stand in for its token", async () => {
    const first = await chat({ customerId: "carol", customerIdSignature: sign("carol") });
    expect(first).toMatchObject({ customerId: "carol", resumed: false, customerToken: expect.any(String) });
    // Another device of the same person: the signature alone, no token; same conversation, same token.
    const second = await chat({ customerId: "carol", customerIdSignature: sign("carol").toUpperCase() });
    expect(second).toMatchObject({ sessionId: first.sessionId, resumed: true, customerToken: first.customerToken });
    // The token alone works as well, as for any customer.
    expect(await chat({ customerId: "carol", token: first.customerToken })).toMatchObject({ resumed: true });
  });

  it("should refuse a valid token sent with a wrong signature", async () => {
    const { customerToken } = await chat({ customerId: "dora", customerIdSignature: sign("dora") });
    const refused = await refusedChat({ customerId: "dora", token: customerToken!, customerIdSignature: sign("dan") });
    expect(refused.status).toBe(401);
  });

  it("should still give a client that names no id a new one, and take it back with its token alone", async () => {
    const first = await chat({});
    expect(first.customerToken).toEqual(expect.any(String));
    const again = await chat({ customerId: first.customerId, token: first.customerToken });
    expect(again).toMatchObject({ customerId: first.customerId, resumed: true });
    expect((await refusedChat({ customerId: first.customerId })).status).toBe(401);
  });

  it("should move a customer who signs in by signature onto its signed token", async () => {
    const oldToken = createCustomerToken();
    await verifying.store.createCustomer({ id: "erin", name: null, tokenHash: hashCustomerToken(oldToken) });
    const signedIn = await chat({ customerId: "erin", customerIdSignature: sign("erin") });
    expect(signedIn.customerToken).toEqual(expect.any(String));
    expect(signedIn.customerToken).not.toBe(oldToken);
    expect(await chat({ customerId: "erin", token: signedIn.customerToken })).toMatchObject({ customerId: "erin" });
    expect((await refusedChat({ customerId: "erin", token: oldToken })).status).toBe(401);
  });
});

describe("identity verification in GraphQL startConversation (CUSTOMER_ID_SECRET set)", () => {
  it("should refuse a chosen customerId without a signature, or with a wrong one, as UNAUTHORIZED", async () => {
    expect((await startConversation({ id: "frank" })).codes).toEqual(["UNAUTHORIZED"]);
    expect((await startConversation({ id: "frank", sig: sign("fran") })).codes).toEqual(["UNAUTHORIZED"]);
    expect(await customerExists(verifying, "frank")).toBe(0);
  });

  it("should start as a signed id, then resume with the signature alone, and send with the token it gets", async () => {
    const { started } = await startConversation({ id: "gina", sig: sign("gina") });
    expect(started).toMatchObject({ customerId: "gina", resumed: false });
    const again = await startConversation({ id: "gina", sig: sign("gina") });
    expect(again.started).toMatchObject({ sessionId: started!.sessionId, resumed: true });
    expect(again.started!.customerToken).toBe(started!.customerToken);
    const sent = await fetch(`${verifying.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${again.started!.customerToken}` },
      body: JSON.stringify({
        query: 'mutation($s: ID!) { sendMessage(sessionId: $s, text: "latte") { text } }',
        variables: { s: started!.sessionId },
      }),
    });
    expect(((await sent.json()) as { data: { sendMessage: Array<{ text: string }> } }).data.sendMessage[0]).toEqual({
      text: "latte",
    });
  });

  it("should let a customer that got its id from the server come back with its bearer token", async () => {
    const { started } = await startConversation({});
    const again = await startConversation({ id: started!.customerId }, started!.customerToken);
    expect(again.started).toMatchObject({ customerId: started!.customerId, resumed: true });
  });
});

describe("without CUSTOMER_ID_SECRET", () => {
  it("should let a client choose its id without a signature, as before", async () => {
    expect(await chat({ customerId: "hank" }, open)).toMatchObject({ customerId: "hank", resumed: false });
    expect((await startConversation({ id: "ivy" }, undefined, open)).started).toMatchObject({ customerId: "ivy" });
  });

  it("should not let a signature stand in for the token (nothing can check it)", async () => {
    await chat({ customerId: "jack" }, open);
    const refused = await refusedChat({ customerId: "jack", customerIdSignature: sign("jack") }, open);
    expect(refused.status).toBe(401);
  });
});

describe("CUSTOMER_ID_SECRET itself", () => {
  it("should refuse a short secret at start with one line naming the variable, never echoing it", () => {
    const parsed = parseConfig({ CUSTOMER_ID_SECRET: "hunter2" });
    expect(parsed.ok).toBe(false);
    const problems = parsed.ok ? [] : parsed.problems;
    expect(problems).toEqual(["CUSTOMER_ID_SECRET: must be at least 32 characters (e.g. openssl rand -hex 32)"]);
  });

  it("should let `chatflow chat --customer ID --signature HEX` chat as a signed id", async () => {
    const home = await tempConfigHome();
    const run = await runCli(["chat", "--url", verifying.url, "--customer", "kim", "--signature", sign("kim")], {
      input: "latte\n",
      env: { XDG_CONFIG_HOME: home },
      timeoutMs: 60_000,
    });
    expect(run.code).toBe(0);
    expect(lines(run.stdout)).toContain("bot › One latte coming up.");
    const unsigned = await runCli(["chat", "--url", verifying.url, "--customer", "lee"], {
      input: "",
      env: { XDG_CONFIG_HOME: home },
      timeoutMs: 60_000,
    });
    expect(unsigned.code).not.toBe(0);
    expect(unsigned.stderr).toContain("customerIdSignature is required");
    const fromEnv = await runCli(["chat", "--url", verifying.url, "--customer", "lee"], {
      input: "",
      env: { XDG_CONFIG_HOME: home, CHATFLOW_CUSTOMER_SIGNATURE: sign("lee") },
      timeoutMs: 60_000,
    });
    expect(fromEnv.code).toBe(0);
  }, 200_000);
});
