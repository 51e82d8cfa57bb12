import { mkdtemp, readFile, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { optionLines } from "../../cli/print.ts";
import { parseServerUrl } from "../../cli/server-url.ts";
import { TokenStore, tokenFilePath } from "../../cli/token-store.ts";

describe("parseServerUrl", () => {
  it.each([
    ["http://localhost:3000", "http://localhost:3000", "ws://localhost:3000"],
    ["ws://localhost:3000/", "http://localhost:3000", "ws://localhost:3000"],
    ["wss://chat.example.com/bot/", "https://chat.example.com/bot", "wss://chat.example.com/bot"],
    ["https://chat.example.com", "https://chat.example.com", "wss://chat.example.com"],
    ["127.0.0.1:4000", "http://127.0.0.1:4000", "ws://127.0.0.1:4000"],
  ])("should read %s as the same server over HTTP and WebSocket", (input, http, ws) => {
    expect(parseServerUrl(input)).toEqual({ http, ws });
  });

  it("should refuse a scheme that is not HTTP or WebSocket", () => {
    expect(() => parseServerUrl("ftp://x")).toThrow(/use http:\/\/, https:\/\/, ws:\/\/ or wss:\/\//);
  });
});

describe("TokenStore", () => {
  it("should follow XDG_CONFIG_HOME, defaulting to ~/.config", () => {
    expect(tokenFilePath({ XDG_CONFIG_HOME: "/x" })).toBe("/x/chatflow/customers.json");
    expect(tokenFilePath({})).toMatch(/\/\.config\/chatflow\/customers\.json$/);
  });

  it("should keep tokens apart per server and customer in a file only the user can read", async () => {
    const path = join(await mkdtemp(join(tmpdir(), "chatflow-tokens-")), "chatflow", "customers.json");
    const store = new TokenStore(path);
    await store.save("http://a:1", "alice", { token: "t1" });
    await store.save("http://b:2", "alice", { token: "t2", name: "Alice" });
    expect((await store.get("http://a:1", "alice"))?.token).toBe("t1");
    expect((await store.get("http://b:2", "alice"))?.token).toBe("t2");
    expect(await store.get("http://a:1", "bob")).toBeUndefined();
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(Object.keys(JSON.parse(await readFile(path, "utf8")) as object)).toEqual(["http://a:1", "http://b:2"]);
  });
});

describe("optionLines", () => {
  it("should number the options on one line under the bot's text when they fit", () => {
    expect(optionLines([{ label: "Yes" }, { label: " No " }])).toEqual(["      1. Yes  2. No"]);
    expect(optionLines([])).toEqual([]);
  });

  it("should put the options one per line when one line would be too wide", () => {
    const long = "a rather long option label, ";
    expect(optionLines([{ label: `${long}one` }, { label: `${long}two` }, { label: `${long}three` }])).toEqual([
      `      1. ${long}one`,
      `      2. ${long}two`,
      `      3. ${long}three`,
    ]);
  });
});
