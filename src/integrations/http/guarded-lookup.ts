import { lookup as dnsLookup } from "node:dns/promises";
import type { LookupAddress, LookupOptions } from "node:dns";
import { classifyAddress, type AddressClass } from "./address-class.ts";

/** Resolves a host name to its addresses (the system resolver in production; tests inject one). */
export type ResolveHost = (hostname: string) => Promise<LookupAddress[]>;

/** What `net.connect`'s `lookup` option is called with. */
export type LookupFunction = (
  hostname: string,
  options: LookupOptions,
  callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
) => void;

/** The error code a refused resolution fails the connection with. */
export const HOST_REFUSED = "EHOSTREFUSED";

/** @default 10000 */
export const REMEMBERED_HOSTS = 10_000;

const systemResolve: ResolveHost = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/**
 * A `lookup` for outgoing connections that defeats DNS rebinding: the class of the addresses a
 * host name first resolved to is remembered (in a bounded map), and a later resolution of a name
 * that was public to a private, loopback, link-local or unique-local address is refused, since
 * the connection is made to exactly the addresses returned here. A name first seen private (an
 * internal API the operator listed) stays usable.
 */
export function createGuardedLookup(
  resolve: ResolveHost = systemResolve,
  capacity = REMEMBERED_HOSTS,
): { lookup: LookupFunction; classOf: (hostname: string) => AddressClass | undefined } {
  const firstSeen = new Map<string, AddressClass>();
  const lookup: LookupFunction = (hostname, options, callback) => {
    resolve(hostname).then(
      (found) => {
        const addresses = found.filter((entry) => !options.family || entry.family === options.family);
        if (addresses.length === 0)
          return callback(Object.assign(new Error(`${hostname} has no address`), { code: "ENOTFOUND" }), []);
        const now: AddressClass = addresses.some((entry) => classifyAddress(entry.address) === "private")
          ? "private"
          : "public";
        const before = firstSeen.get(hostname);
        if (before === "public" && now === "private") {
          const error = new Error(`${hostname} resolved to a private address after a public one`);
          return callback(Object.assign(error, { code: HOST_REFUSED }), []);
        }
        if (before === undefined) {
          if (firstSeen.size >= capacity) firstSeen.delete(firstSeen.keys().next().value!);
          firstSeen.set(hostname, now);
        }
        if (options.all) return callback(null, addresses);
        const [first] = addresses;
        return callback(null, first!.address, first!.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, []),
    );
  };
  return { lookup, classOf: (hostname) => firstSeen.get(hostname) };
}
