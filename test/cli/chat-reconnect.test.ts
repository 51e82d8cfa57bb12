import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readRepoFile } from "../utils/flows.ts";
import { freePort } from "../utils/processes.ts";
import { cliEnv, REPO_ROOT, tempConfigHome } from "../utils/run-cli.ts";
import { spawnServer, type SpawnedServer } from "../utils/spawn-server.ts";
import { uploadFlow } from "../utils/start-test-app.ts";

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "chatflow-reconnect-"));
const servers: SpawnedServer[] = [];
const clis: ChildProcessWithoutNullStreams[] = [];
afterAll(async () => {
  for (const cli of clis) if (cli.exitCode === null) cli.kill("SIGKILL");
  for (const server of servers) await server.ensureStopped();
  fs.rmSync(scratch, { recursive: true, force: true });
});

async function startServer(dataDir: string, port: number): Promise<SpawnedServer> {
  const server = await spawnServer(
    { DATABASE_URL: `file:${dataDir}`, PORT: String(port) },
    { healthyWithinMs: 150_000 },
  );
  servers.push(server);
  return server;
}

async function stopServer(server: SpawnedServer): Promise<void> {
  server.kill("SIGTERM");
  expect((await server.exited).code).toBe(0);
}

/** `chatflow chat` with stdin a pipe the test writes to line by line; waits on its output. */
function startChat(args: string[], configHome: string) {
  const cli = spawn(process.execPath, ["cli/main.ts", "chat", ...args], {
    cwd: REPO_ROOT,
    env: cliEnv({ XDG_CONFIG_HOME: configHome }),
  });
  clis.push(cli);
  let stdout = "";
  let stderr = "";
  const changed = new Set<() => void>();
  const wake = () => changed.forEach((listener) => listener());
  cli.stdout.on("data", (chunk) => {
    stdout += String(chunk);
    wake();
  });
  cli.stderr.on("data", (chunk) => {
    stderr += String(chunk);
    wake();
  });
  const exited = new Promise<number | null>((resolve) => cli.on("close", (code) => (resolve(code), wake())));
  return {
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    type: (line: string) => cli.stdin.write(`${line}\n`),
    endInput: () => cli.stdin.end(),
    /** Resolves once `stream` contains `text` (fails with the output if the CLI exits first). */
    waitFor(stream: "stdout" | "stderr", text: string): Promise<void> {
      const read = () => (stream === "stdout" ? stdout : stderr);
      return new Promise((resolve, reject) => {
        const check = () => {
          if (read().includes(text)) {
            changed.delete(check);
            resolve();
          } else if (cli.exitCode !== null) {
            changed.delete(check);
            reject(new Error(`exited before "${text}"\n${stdout}\n${stderr}`));
          }
        };
        changed.add(check);
        check();
      });
    },
  };
}

const lines = (text: string) => text.split("\n").filter((line) => line.trim() !== "");

describe("chatflow chat across a server restart", { timeout: 600_000 }, () => {
  it("should reconnect, resume the same session and send the message typed while the server was away", async () => {
    const dataDir = path.join(scratch, "data");
    const port = await freePort();
    const first = await startServer(dataDir, port);
    await uploadFlow(first.url, JSON.parse(readRepoFile("test/fixtures/coffee.json")));

    const chat = startChat(["--url", first.url, "--customer", "rita", "--name", "Rita"], await tempConfigHome());
    await chat.waitFor("stdout", "bot › Hi Rita! Espresso or latte?");
    chat.type("tea");
    await chat.waitFor("stdout", "bot › Espresso or latte, please.");

    await stopServer(first);
    await chat.waitFor("stderr", "(connection lost: reconnecting…)");
    chat.type("latte"); // read while the server is away: sent once it is back

    const second = await startServer(dataDir, port);
    await chat.waitFor("stderr", "(reconnected)");
    chat.endInput();
    expect(await chat.exited).toBe(0);
    expect(lines(chat.stdout())).toEqual([
      "bot › Hi Rita! Espresso or latte?",
      "you › tea",
      "bot › Espresso or latte, please.",
      "you › latte",
      "bot › One latte coming up.",
      "bot › Enjoy!",
    ]);
    expect(lines(chat.stderr()).filter((line) => /reconnect/.test(line))).toEqual([
      "(connection lost: reconnecting…)",
      "(reconnected)",
    ]);

    // One session from the greeting to the end: the restart did not start a new conversation.
    const history = (await (await fetch(`${second.url}/message/list?customerId=rita&limit=50`)).json()) as {
      messages: { sessionId: string; text: string }[];
    };
    expect(history.messages.map((message) => message.text)).toEqual([
      "Hi Rita! Espresso or latte?",
      "tea",
      "Espresso or latte, please.",
      "latte",
      "One latte coming up.",
      "Enjoy!",
    ]);
    expect(new Set(history.messages.map((message) => message.sessionId)).size).toBe(1);
    await stopServer(second);
  });

  it("should give up with one clear line and a non-zero exit when the server does not come back", async () => {
    const dataDir = path.join(scratch, "gone");
    const server = await startServer(dataDir, await freePort());
    const chat = startChat(["--url", server.url, "--give-up-after", "1"], await tempConfigHome());
    await chat.waitFor("stdout", "bot › ");
    await stopServer(server);
    // The input stays open: the chat must not wait for it to end.
    expect(await chat.exited).toBe(1);
    const said = lines(chat.stderr());
    expect(said).toContain("(connection lost: reconnecting…)");
    expect(said.at(-1)).toBe(
      `chatflow: lost the connection to ${server.url} and could not reconnect within 1 s (last attempt: connection refused)`,
    );
  });
});
