import { isIP } from "node:net";

/**
 * Which `Host` headers the server answers. DNS rebinding points an attacker's name at this
 * server, so a browser sends that name as `Host` and treats the server as the attacker's own
 * origin; refusing names the operator did not configure defeats it. An IP address cannot be
 * rebound (a page from that address was served by whoever holds it) and is always accepted, as
 * are `localhost`, `HOST` itself and the names in `ALLOWED_HOSTS`.
 */
export class HostPolicy {
  readonly #names: ReadonlySet<string> | "any";

  /** `host`: the configured `HOST`; `allowed`: extra names, or `"any"` to accept every name. */
  constructor(host: string, allowed: readonly string[] | "any" | undefined) {
    this.#names = allowed === "any" ? "any" : new Set(["localhost", normalizeName(host), ...(allowed ?? [])]);
  }

  /** A request without `Host` (HTTP/1.0) comes from no browser and is accepted. */
  allows(hostHeader: string | undefined): boolean {
    if (hostHeader === undefined || this.#names === "any") return true;
    const name = hostName(hostHeader);
    if (name === undefined) return false;
    return isIP(name.replace(/^\[|\]$/g, "")) !== 0 || this.#names.has(name);
  }
}

const HOST_HEADER = /^([a-z0-9._-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/** The name of `Host: name[:port]`, lower case, without a trailing dot; undefined if malformed. */
export function hostName(hostHeader: string): string | undefined {
  const match = HOST_HEADER.exec(hostHeader.trim());
  return match ? normalizeName(match[1]!) : undefined;
}

function normalizeName(name: string): string {
  return name.toLowerCase().replace(/\.$/, "");
}
