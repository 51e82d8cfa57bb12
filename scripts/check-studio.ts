// CI check: Prisma Studio on the embedded database, in headless Chromium. Starts a server on a
// new data directory, then `npm run studio` (which goes through the server), loads Studio and
// every model ten times in a row (any load that shows an error fails), edits a row and checks
// that the edit was saved. Exits 0 when all of it works.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { launchHeadlessChromium } from "./headless-chromium.ts";
import { freePort } from "./studio-proxy.ts";

const ROUNDS = Number(process.env["CHECK_STUDIO_ROUNDS"] ?? 10);
const MODELS = ["Customer", "Feedback", "FlowConfig", "Message", "Session", "Step"];
// What Studio shows when it could not read the database.
const STUDIO_ERRORS = /operation failed|Could not load|Schema metadata unavailable|PostgresError/;
const ROOT = path.resolve(import.meta.dirname, "..");
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "chatflow-check-studio-"));
const children: ChildProcess[] = [];

function start(script: string, env: Record<string, string>, ready: RegExp): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--disable-warning=ExperimentalWarning", script], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let output = "";
  return new Promise((resolve, reject) => {
    const read = (chunk: Buffer) => {
      output += String(chunk);
      if (ready.test(output)) resolve(child);
    };
    child.stdout.on("data", read);
    child.stderr.on("data", read);
    child.on("exit", (code) => reject(new Error(`${script} exited with ${code}:\n${output}`)));
  });
}

/** One conversation, so that customers, sessions, messages and steps have rows. */
async function chat(wsUrl: string): Promise<void> {
  const socket = new WebSocket(`${wsUrl}/chat?name=Studio`);
  let waiting = 0;
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener("error", () => reject(new Error("the chat socket failed")));
    socket.addEventListener("message", (event) => {
      if ((JSON.parse(String(event.data)) as { type: string }).type !== "waiting") return;
      if (++waiting === 1) socket.send(JSON.stringify({ type: "message", text: "hello", clientMsgId: "check-1" }));
      else resolve();
    });
  });
  socket.close();
}

/** Loads Studio on a model afresh and waits until its grid shows rows or says it has none; throws on an error. */
async function loadModel(page: Page, url: string, model: string, round: number): Promise<void> {
  await page.goto("about:blank");
  await page.goto(`${url}/#table=${model}&schema=public&view=table`);
  const loaded = page.locator("tbody td[data-grid-row-index]").or(page.getByText("No results found")).first();
  const failed = page.getByText(STUDIO_ERRORS).first();
  await Promise.any([loaded.waitFor({ timeout: 30_000 }), failed.waitFor({ timeout: 30_000 })]).catch(() => {
    throw new Error(`round ${round}, ${model}: nothing loaded within 30 s`);
  });
  if (await failed.isVisible()) {
    throw new Error(`round ${round}, ${model}: Studio shows an error: ${await failed.innerText()}`);
  }
}

async function main(): Promise<void> {
  const dataDir = path.join(scratch, "data");
  const port = await freePort();
  await start("src/main.ts", { DATABASE_URL: `file:${dataDir}`, PORT: String(port), HOST: "127.0.0.1" }, /running on/);
  await chat(`ws://127.0.0.1:${port}`);
  const studioPort = await freePort();
  await start(
    "scripts/studio.ts",
    { DATABASE_URL: `file:${dataDir}`, STUDIO_PORT: String(studioPort) },
    /Prisma Studio on/,
  );
  const url = `http://127.0.0.1:${studioPort}`;

  const browser = await launchHeadlessChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const outside: string[] = [];
    page.on("request", (request) => {
      if (!request.url().startsWith(url) && !request.url().startsWith("data:")) outside.push(request.url());
    });
    for (let round = 1; round <= ROUNDS; round++) {
      for (const model of MODELS) await loadModel(page, url, model, round);
      console.log(`round ${round}: ${MODELS.length} models loaded`);
    }

    // A row edit saves: the flow's name, read back from the database after a fresh load.
    await loadModel(page, url, "FlowConfig", ROUNDS + 1);
    const name = page.locator('tbody td[data-grid-column-id="name"]').first();
    if ((await name.innerText()).trim() !== "Assistant") throw new Error("the flow is not named Assistant");
    await name.dblclick();
    await page.keyboard.press("ControlOrMeta+a");
    await page.keyboard.type("Assistant (edited in Studio)");
    await page.keyboard.press("Enter");
    await page.getByRole("button", { name: /^Save 1 row/ }).click();
    await page.getByRole("button", { name: "yes, write to db" }).click(); // Studio asks first
    await page.getByRole("button", { name: /^Save 1 row/ }).waitFor({ state: "detached", timeout: 30_000 });
    await loadModel(page, url, "FlowConfig", ROUNDS + 1);
    const saved = (await name.innerText()).trim();
    if (saved !== "Assistant (edited in Studio)") throw new Error(`after the edit, the flow's name reads "${saved}"`);
    console.log("a row edit saved");
    if (outside.length > 0) throw new Error(`Studio's page called outside: ${[...new Set(outside)].join(", ")}`);
  } finally {
    await browser.close();
  }
}

try {
  await main();
  console.log(`Prisma Studio on the embedded database: ${ROUNDS} rounds of every model, and a row edit: ok`);
} catch (error) {
  console.error(`check-studio: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  for (const child of children.reverse()) {
    child.removeAllListeners("exit");
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  }
  fs.rmSync(scratch, { recursive: true, force: true });
}
