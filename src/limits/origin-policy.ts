import { hostName } from "./host-policy.ts";

/**
 * Which browser origins may call the server: its own origin (the one the `Host` header names)
 * and those of `ALLOWED_ORIGINS`. A request without `Origin` comes from a non-browser client
 * (the CLI, curl, a server) and is always allowed. Any other origin is refused before anything
 * runs: CORS alone would let a form post or a `no-cors` fetch run and only hide the answer.
 */
export class OriginPolicy {
  readonly #listed: ReadonlySet<string>;

  /** `allowed`: other origins like `https://app.example.com`; undefined: none. */
  constructor(allowed: readonly string[] | undefined) {
    this.#listed = new Set((allowed ?? []).map(normalizeOrigin));
  }

  /** Whether a request with this `Origin` and `Host` may run. Check the `Host` first (HostPolicy). */
  allows(origin: string | undefined, hostHeader: string | undefined): boolean {
    return origin === undefined || this.isListed(origin) || isSameOrigin(origin, hostHeader);
  }

  /** Listed origins get CORS headers; the server's own origin needs none. */
  isListed(origin: string): boolean {
    return this.#listed.has(normalizeOrigin(origin));
  }
}

/**
 * The page was served by this server: its origin names the host and port the request was sent
 * to. The scheme is not compared, since a TLS proxy in front turns https into http; DNS
 * rebinding, the one way another site could share the host name, is refused by the Host check.
 */
function isSameOrigin(origin: string, hostHeader: string | undefined): boolean {
  if (hostHeader === undefined || !URL.canParse(origin)) return false;
  const url = new URL(origin);
  if (url.origin === "null") return false;
  const [name, port] = [hostName(hostHeader), hostHeader.trim().match(/:(\d+)$/)?.[1]];
  const defaultPort = url.protocol === "https:" ? "443" : "80";
  const originPort = url.port || defaultPort;
  const requestPort = port ?? defaultPort;
  return name !== undefined && normalizeHost(url.hostname) === name && originPort === requestPort;
}

function normalizeHost(name: string): string {
  return name.toLowerCase().replace(/\.$/, "");
}

/** `HTTPS://Example.com:443/` and `https://example.com` are one origin. */
export function normalizeOrigin(origin: string): string {
  try {
    const url = new URL(origin);
    return url.origin === "null" ? origin : url.origin;
  } catch {
    return origin;
  }
}
