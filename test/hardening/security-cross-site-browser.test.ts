import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser } from "playwright-core";
import { launchHeadlessChromium } from "../../scripts/headless-chromium.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFakePorts } from "../utils/fake-ports.ts";
import { tallyEachTest } from "../utils/hardening-counts.ts";
import { startTestApp, uploadFlow } from "../utils/start-test-app.ts";

// A default install (no ADMIN_TOKEN, loopback) visited by a browser that also has a page of
// another origin open: the attacker's page, served by a second local server on another port.
const echo = JSON.parse(fs.readFileSync("test/fixtures/echo.json", "utf8")) as Record<string, unknown>;
const coffee = JSON.parse(fs.readFileSync("test/fixtures/coffee.json", "utf8")) as Record<string, unknown>;

let app: Awaited<ReturnType<typeof startTestApp>>;
let attacker: http.Server;
let attackerUrl: string;
let browser: Browser;

beforeAll(async () => {
  app = await startTestApp({}, { ports: createFakePorts() });
  await uploadFlow(app.url, echo);
  await uploadFlow(app.url, coffee);
  attacker = http.createServer((_request, response) => {
    response.setHeader("content-type", "text/html");
    response.end(attackPage(app.url));
  });
  await new Promise<void>((resolve) => attacker.listen(0, "127.0.0.1", resolve));
  attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`;
  browser = await launchHeadlessChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => attacker?.close(resolve));
  await app?.stop();
});
tallyEachTest("security/cross-site-browser", () => app.url);

/** What an operator sees: the active version and how many versions exist. */
async function flowState() {
  const active = await fetch(`${app.url}/config`);
  const versions = (await (await fetch(`${app.url}/config/versions`)).json()) as { versions: unknown[] };
  return { active: active.headers.get("x-flow-version"), versions: versions.versions.length };
}

/**
 * The attacker's page: a plain form post (no preflight) into a hidden frame, then no-cors
 * fetches with a multipart and a text/plain body, then CORS reads of a customer's history and
 * of GraphQL, then a WebSocket to /chat. It reports what it could read in `window.report`.
 */
function attackPage(target: string): string {
  const upload = "mutation($d: JSON!) { uploadFlow(definition: $d) { ok } }";
  const evil = JSON.stringify({ ...echo, name: "Evil" });
  return `<!doctype html><html><body>
<iframe name="sink"></iframe>
<form id="f" method="POST" action="${target}/graphql" target="sink" enctype="application/x-www-form-urlencoded">
  <input name="query" value='mutation { activateFlowVersion(version: 1) { version } }'>
</form>
<script>
const report = { done: false, reads: {} };
window.report = report;
async function attack() {
  await new Promise((resolve) => {
    document.querySelector("iframe").addEventListener("load", resolve, { once: true });
    document.getElementById("f").submit();
  });
  const multipart = new FormData();
  multipart.append("operations", JSON.stringify({ query: "mutation { activateFlowVersion(version: 1) { version } }" }));
  multipart.append("map", "{}");
  await fetch("${target}/graphql", { method: "POST", mode: "no-cors", body: multipart }).catch(() => {});
  await fetch("${target}/config", { method: "POST", mode: "no-cors", headers: { "content-type": "text/plain" },
    body: ${JSON.stringify(evil)} }).catch(() => {});
  await fetch("${target}/graphql", { method: "POST", mode: "no-cors", headers: { "content-type": "text/plain" },
    body: JSON.stringify({ query: ${JSON.stringify(upload)}, variables: { d: ${evil} } }) }).catch(() => {});
  for (const [name, url] of [["history", "${target}/message/list?customerId=alice"],
      ["feedback", "${target}/graphql?query=%7BfeedbackSummary%7Bcount%7D%7D"], ["config", "${target}/config"]]) {
    report.reads[name] = await fetch(url).then((r) => r.text(), (e) => "blocked: " + e.name);
  }
  report.socket = await new Promise((resolve) => {
    const socket = new WebSocket("${target.replace(/^http/, "ws")}/chat?name=Mallory");
    socket.onmessage = (event) => { resolve("read: " + event.data); socket.close(); };
    socket.onerror = () => resolve("refused");
  });
  report.done = true;
}
attack();
</script></body></html>`;
}

describe("a page on another origin, in a real browser", () => {
  it("should change nothing and read nothing through forms, no-cors fetches, CORS reads or /chat", async () => {
    const before = await flowState();
    // The page's activateFlowVersion(version: 1) would be visible: another version is active.
    expect(before.active).not.toBe("1");
    const customersBefore = await app.database.prisma.customer.count();
    const page = await browser.newPage();
    const answered: { method: string; url: string; status: number }[] = [];
    page.on("response", (response) => {
      if (response.url().startsWith(app.url)) {
        answered.push({ method: response.request().method(), url: response.url(), status: response.status() });
      }
    });
    await page.goto(attackerUrl);
    await page.waitForFunction(() => (window as unknown as { report: { done: boolean } }).report.done, undefined, {
      timeout: 30_000,
    });
    const report = await page.evaluate(
      () => (window as unknown as { report: { reads: Record<string, string>; socket: string } }).report,
    );
    await page.close();

    expect(await flowState()).toEqual(before);
    expect(await app.database.prisma.customer.count()).toBe(customersBefore);
    expect(report.reads).toEqual({
      history: "blocked: TypeError",
      feedback: "blocked: TypeError",
      config: "blocked: TypeError",
    });
    expect(report.socket).toBe("refused");
    // The requests did reach the server, and it refused each before running it.
    const posts = answered.filter((entry) => entry.method === "POST");
    expect(posts.length).toBeGreaterThanOrEqual(4);
    for (const entry of answered) expect(entry.status, `${entry.method} ${entry.url}`).toBe(403);
  }, 60_000);

  it("should keep GraphiQL working on the server's own origin, schema introspection included", async () => {
    const page = await browser.newPage();
    const [response] = await Promise.all([
      page.waitForResponse(
        (answer) => answer.url() === `${app.url}/graphql` && (answer.request().postData() ?? "").includes("__schema"),
        { timeout: 100_000 },
      ),
      page.goto(`${app.url}/graphql`, { timeout: 100_000 }),
    ]);
    const body = (await response.json()) as { data?: { __schema?: unknown }; errors?: unknown };
    await page.close();
    expect(response.status()).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data?.__schema).toBeTruthy();
  }, 120_000);
});
