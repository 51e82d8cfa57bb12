import { BlockList, isIP } from "node:net";

/**
 * `private`: loopback, private (RFC 1918), carrier-grade NAT, link-local, unique-local and
 * unspecified addresses, and IPv4 ones written as IPv6; `public`: everything else.
 */
export type AddressClass = "private" | "public";

const PRIVATE = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.168.0.0", 16],
] as const) {
  PRIVATE.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
] as const) {
  PRIVATE.addSubnet(network, prefix, "ipv6");
}

/** The class of an IP address; anything that is not one counts as private (refused first). */
export function classifyAddress(address: string): AddressClass {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  const ip = mapped ?? address;
  const family = isIP(ip);
  if (family === 0) return "private";
  return PRIVATE.check(ip, family === 4 ? "ipv4" : "ipv6") ? "private" : "public";
}
