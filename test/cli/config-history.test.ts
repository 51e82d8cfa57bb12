import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChatClient } from "../utils/chat-client.ts";
import { readRepoFile } from "../utils/flows.ts";
import { lines, runCli } from "../utils/run-cli.ts";
import { startTestApp } from "../utils/start-test-app.ts";

const ADMIN_TOKEN = "s3cret-operator-token";

describe("chatflow config and history", () => {
  let app: Awaited<ReturnType<typeof startTestApp>>;
  const cli = (args: string[]) => runCli([...args, "--url", app.url], { env: { CHATFLOW_TOKEN: ADMIN_TOKEN } });

  beforeAll(async () => {
    app = await startTestApp({ ADMIN_TOKEN });
  });
  afterAll(() => app.stop());

  it("should push a valid JSON flow and say which version is active", async () => {
    const run = await cli(["config", "push", "test/fixtures/coffee.json"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^uploaded test\/fixtures\/coffee\.json: version 2 is active \(checksum sha256:\w+\)\n$/,
    );
  });

  it("should push a YAML flow, chosen by its extension", async () => {
    const run = await cli(["config", "push", "flows/default.yaml"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/version 3 is active/);
  });

  it("should print each problem of an invalid flow on its own line with its path and code, and exit non-zero", async () => {
    const run = await cli(["config", "push", "test/fixtures/broken-flow.yaml"]);
    expect(run.code).toBe(1);
    const errors = lines(run.stderr).filter((line) => !line.startsWith("warning:"));
    expect(errors).toEqual([
      expect.stringMatching(/^\/blocks\/0\/next {2}UNKNOWN_TARGET {2}/),
      expect.stringMatching(/^\/blocks\/1\/id {2}DUPLICATE_ID {2}/),
      expect.stringMatching(/^\/blocks\/2\/type {2}UNKNOWN_BLOCK_TYPE {2}/),
      "chatflow: test/fixtures/broken-flow.yaml was rejected: 3 problems",
    ]);
    expect(run.stdout).toBe("");
  });

  it("should print the active flow as it was uploaded with config get", async () => {
    const run = await cli(["config", "get"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(readRepoFile("flows/default.yaml"));
    expect(run.stderr).toMatch(/version 3 of http:/);
  });

  it("should print the flow as JSON with --json and as YAML with --yaml, whatever its upload format", async () => {
    const json = await cli(["config", "get", "--json"]);
    expect(JSON.parse(json.stdout)).toMatchObject({ name: "Assistant", start: "greet" });
    expect((await cli(["config", "activate", "2"])).stdout).toBe("version 2 is active\n");
    const yaml = await cli(["config", "get", "--yaml"]);
    expect(yaml.stdout).toMatch(/^schemaVersion: 1\nname: Coffee\n/);
  });

  it("should explain in one line that an operator token is needed", async () => {
    const run = await runCli(["config", "get", "--url", app.url]);
    expect(run.code).toBe(1);
    expect(lines(run.stderr)).toEqual([
      expect.stringMatching(/^chatflow: the server answered 401 UNAUTHORIZED: .*; pass --token or set CHATFLOW_TOKEN$/),
    ]);
  });

  it("should read a customer's whole history page by page, oldest first", async () => {
    const client = await ChatClient.open(app.wsUrl, { customerId: "hana", name: "Hana" });
    await client.turn();
    for (const text of ["tea", "coffee", "water"]) await client.say(text);
    client.close();

    const run = await cli(["history", "hana", "--page-size", "2"]);
    expect(run.code).toBe(0);
    const texts = lines(run.stdout)
      .slice(1)
      .map((line) => line.replace(/^\d\d:\d\d:\d\d {2}/, ""));
    expect(texts).toEqual([
      "bot › Hi Hana! Espresso or latte?",
      "you › tea",
      "bot › Espresso or latte, please.",
      "you › coffee",
      "bot › Espresso or latte, please.",
      "you › water",
      "bot › Enjoy!",
    ]);
  });

  it("should print the history as JSON with --json", async () => {
    const run = await cli(["history", "hana", "--json", "--page-size", "3"]);
    const body = JSON.parse(run.stdout) as { customerId: string; messages: { sender: string; text: string }[] };
    expect(body.customerId).toBe("hana");
    expect(body.messages.map((m) => m.text)).toEqual([
      "Hi Hana! Espresso or latte?",
      "tea",
      "Espresso or latte, please.",
      "coffee",
      "Espresso or latte, please.",
      "water",
      "Enjoy!",
    ]);
  });

  it("should fail in one line for a customer the server does not know", async () => {
    const run = await cli(["history", "nobody"]);
    expect(run.code).toBe(1);
    expect(lines(run.stderr)).toEqual(["chatflow: the server answered 404 NOT_FOUND: customer nobody does not exist"]);
  });
});
