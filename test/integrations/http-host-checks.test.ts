import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/env.ts";
import { classifyAddress } from "../../src/integrations/http/address-class.ts";
import { isHostAllowed, parseAllowedHosts } from "../../src/integrations/http/allowed-hosts.ts";
import { createGuardedLookup, HOST_REFUSED, type ResolveHost } from "../../src/integrations/http/guarded-lookup.ts";

function allowed(list: string, url: string): boolean {
  const parsed = parseAllowedHosts(list);
  if (!parsed.ok) throw new Error(parsed.entry);
  return isHostAllowed(parsed.hosts, new URL(url));
}

function lookUp(lookup: ReturnType<typeof createGuardedLookup>["lookup"], hostname: string) {
  return new Promise<{ code?: string; addresses?: unknown }>((resolve) =>
    lookup(hostname, { all: true }, (error, addresses) => resolve(error ? { code: error.code } : { addresses })),
  );
}

describe("HTTP_BLOCK_ALLOWED_HOSTS", () => {
  it("should allow a listed host on its scheme's default port, and host:port on that port only", () => {
    expect(allowed("Shop.Example.com.", "https://shop.example.com/x")).toBe(true);
    expect(allowed("shop.example.com", "https://shop.example.com:8443/x")).toBe(false);
    expect(allowed("shop.example.com:8443", "https://shop.example.com:8443/x")).toBe(true);
    expect(allowed("shop.example.com:8443", "https://shop.example.com/x")).toBe(false);
    expect(allowed("127.0.0.1:9000,[::1]:9000", "http://[0:0::1]:9000/x")).toBe(true);
    expect(allowed("", "https://shop.example.com/x")).toBe(false);
    expect(allowed("example.com", "https://shop.example.com/x")).toBe(false);
  });

  it("should refuse to start with an entry that is not a host or host:port, naming it", () => {
    const parsed = parseConfig({ DATABASE_URL: "memory:", HTTP_BLOCK_ALLOWED_HOSTS: "shop.example.com,https://x/" });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems.join("\n")).toContain('HTTP_BLOCK_ALLOWED_HOSTS: "https://x/"');
  });

  it("should read FLOW_SECRET_* and nothing else of the environment as secrets", () => {
    const parsed = parseConfig({
      DATABASE_URL: "memory:",
      FLOW_SECRET_SHOP_TOKEN: "t",
      FLOW_SECRET_EMPTY: "",
      HOME: "/x",
    });
    expect(parsed.ok && [...parsed.config.httpBlock.secrets]).toEqual([["SHOP_TOKEN", "t"]]);
  });
});

describe("guarded lookup", () => {
  it("should class loopback, private, link-local, unique-local and mapped addresses as private", () => {
    for (const address of [
      "127.0.0.1",
      "10.1.2.3",
      "172.16.0.1",
      "192.168.1.1",
      "169.254.169.254",
      "::1",
      "fd00::1",
      "fe80::1",
      "::ffff:127.0.0.1",
      "0.0.0.0",
    ]) {
      expect([address, classifyAddress(address)]).toEqual([address, "private"]);
    }
    expect(classifyAddress("93.184.215.14")).toBe("public");
    expect(classifyAddress("2606:4700::1")).toBe("public");
  });

  it("should refuse a name that turns private after it resolved public, and keep a name that was private", async () => {
    const answers: Record<string, string[]> = {
      "rebind.test": ["93.184.215.14", "127.0.0.1"],
      "intranet.test": ["10.0.0.5", "10.0.0.6"],
    };
    const resolve: ResolveHost = async (hostname) => [{ address: answers[hostname]!.shift()!, family: 4 }];
    const { lookup } = createGuardedLookup(resolve);
    expect(await lookUp(lookup, "rebind.test")).toEqual({ addresses: [{ address: "93.184.215.14", family: 4 }] });
    expect(await lookUp(lookup, "rebind.test")).toEqual({ code: HOST_REFUSED });
    expect(await lookUp(lookup, "intranet.test")).toEqual({ addresses: [{ address: "10.0.0.5", family: 4 }] });
    expect(await lookUp(lookup, "intranet.test")).toEqual({ addresses: [{ address: "10.0.0.6", family: 4 }] });
  });

  it("should forget the oldest names past its capacity", async () => {
    const resolve: ResolveHost = async () => [{ address: "93.184.215.14", family: 4 }];
    const { lookup, classOf } = createGuardedLookup(resolve, 2);
    for (const name of ["a.test", "b.test", "c.test"]) await lookUp(lookup, name);
    expect([classOf("a.test"), classOf("b.test"), classOf("c.test")]).toEqual([undefined, "public", "public"]);
  });
});
