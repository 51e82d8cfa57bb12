import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/env.ts";
import { parseDatabaseTarget } from "../../src/config/database-target.ts";

describe("DATABASE_URL", () => {
  it.each([
    [undefined, { kind: "pglite", dataDir: "./data/pglite" }],
    ["", { kind: "pglite", dataDir: "./data/pglite" }],
    ["file:/tmp/x", { kind: "pglite", dataDir: "/tmp/x" }],
    ["file:./here", { kind: "pglite", dataDir: "./here" }],
    ["memory:", { kind: "pglite-memory" }],
    ["postgres://u@h:5432/db", { kind: "postgres", url: "postgres://u@h:5432/db" }],
    ["postgresql://u@h/db", { kind: "postgres", url: "postgresql://u@h/db" }],
  ])("should read %s as the right target", (value, target) => {
    expect(parseDatabaseTarget(value)).toEqual({ ok: true, target });
  });

  it.each(["mysql://x", "file:", "sqlite:db", "postgres://"])("should refuse %s", (value) => {
    expect(parseDatabaseTarget(value).ok).toBe(false);
  });
});

describe("parseConfig", () => {
  it("should apply the documented defaults", () => {
    const parsed = parseConfig({});
    expect(parsed.ok && parsed.config).toMatchObject({
      port: 3000,
      host: "127.0.0.1",
      redisUrl: undefined,
      openai: undefined,
      offlineClassifiersIdleSeconds: 600,
    });
  });

  it.each([
    [{ DATABASE_URL: "mysql://x" }, "DATABASE_URL"],
    [{ PORT: "abc" }, "PORT"],
    [{ PORT: "70000" }, "PORT"],
    [{ REDIS_URL: "http://x" }, "REDIS_URL"],
    [{ OPENAI_BASE_URL: "not a url" }, "OPENAI_BASE_URL"],
    [{ LOG_LEVEL: "loud" }, "LOG_LEVEL"],
    [{ OFFLINE_CLASSIFIERS_IDLE_SECONDS: "-1" }, "OFFLINE_CLASSIFIERS_IDLE_SECONDS"],
    [{ OFFLINE_CLASSIFIERS_IDLE_SECONDS: "ten" }, "OFFLINE_CLASSIFIERS_IDLE_SECONDS"],
    [{ OFFLINE_CLASSIFIERS_IDLE_SECONDS: "1.5" }, "OFFLINE_CLASSIFIERS_IDLE_SECONDS"],
    [{ OFFLINE_CLASSIFIERS_IDLE_SECONDS: "2592000" }, "OFFLINE_CLASSIFIERS_IDLE_SECONDS"],
  ])("should name the variable in the problem for %o", (env, variable) => {
    const parsed = parseConfig(env);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems).toEqual([expect.stringMatching(new RegExp(`^${variable}: `))]);
  });

  it("should enable the LLM for a base URL without a key (OpenAI-compatible servers)", () => {
    const parsed = parseConfig({ OPENAI_BASE_URL: "http://127.0.0.1:9/v1" });
    expect(parsed.ok && parsed.config.openai?.baseUrl).toBe("http://127.0.0.1:9/v1");
  });

  it("should read OFFLINE_CLASSIFIERS_IDLE_SECONDS, 0 keeping the classifiers loaded", () => {
    for (const [value, seconds] of [
      ["0", 0],
      ["30", 30],
      ["", 600],
      [" ", 600],
    ] as const) {
      const parsed = parseConfig({ OFFLINE_CLASSIFIERS_IDLE_SECONDS: value });
      expect(parsed.ok && parsed.config.offlineClassifiersIdleSeconds).toBe(seconds);
    }
  });

  it("should treat empty LLM variables as unset", () => {
    const parsed = parseConfig({ OPENAI_API_KEY: "", OPENAI_BASE_URL: "" });
    expect(parsed.ok && parsed.config.openai).toBeUndefined();
  });
});

describe("PGLITE_SHARED_BUFFERS", () => {
  it.each([
    [undefined, undefined],
    ["", undefined],
    ["8MB", "8MB"],
    [" 1GB ", "1GB"],
  ])("should read %s as %s", (value, expected) => {
    const parsed = parseConfig({ PGLITE_SHARED_BUFFERS: value });
    expect(parsed.ok && parsed.config.pgliteSharedBuffers).toBe(expected);
  });

  it.each(["32", "32mb", "0MB", "2GB", "1.5GB", "32MB;DROP"])("should refuse %s, naming the variable", (value) => {
    expect(parseConfig({ PGLITE_SHARED_BUFFERS: value })).toEqual({
      ok: false,
      problems: ["PGLITE_SHARED_BUFFERS: must be a size from 1MB to 1GB, like 32MB or 256MB"],
    });
  });
});

describe("operator routes on a public address", () => {
  it("should refuse a non-loopback HOST without ADMIN_TOKEN", () => {
    const parsed = parseConfig({ HOST: "0.0.0.0" });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems[0]).toMatch(/^ADMIN_TOKEN: required when HOST/);
  });

  it("should refuse an ADMIN_TOKEN under 32 characters on a non-loopback HOST, with one line naming it", () => {
    const parsed = parseConfig({ HOST: "0.0.0.0", ADMIN_TOKEN: "a" });
    expect(parsed).toEqual({
      ok: false,
      problems: [expect.stringMatching(/^ADMIN_TOKEN: must be at least 32 characters/)],
    });
    expect(parseConfig({ HOST: "0.0.0.0", ADMIN_TOKEN: "x".repeat(31) }).ok).toBe(false);
  });

  it.each([
    { HOST: "0.0.0.0", ADMIN_TOKEN: "0123456789abcdef0123456789abcdef" },
    { HOST: "127.0.0.1", ADMIN_TOKEN: "short" },
    { HOST: "0.0.0.0", ALLOW_INSECURE: "1" },
    { HOST: "127.0.0.2" },
    { HOST: "localhost" },
  ])("should accept %o", (env) => expect(parseConfig(env).ok).toBe(true));
});
