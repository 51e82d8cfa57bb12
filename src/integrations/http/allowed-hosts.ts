/** One entry of `HTTP_BLOCK_ALLOWED_HOSTS`: a host, with the one port it may be called on or none. */
export interface AllowedHost {
  /** Lower case, no trailing dot; IPv6 addresses in brackets, as `URL.hostname` writes them. */
  hostname: string;
  /** `undefined`: the scheme's default port only (80 for http, 443 for https). */
  port: number | undefined;
}

const ENTRY = /^([a-z0-9._-]+|\[[0-9a-f:.]+\])(?::(\d{1,5}))?$/i;

function normalizeName(name: string): string {
  return name.toLowerCase().replace(/\.$/, "");
}

/**
 * Reads `HTTP_BLOCK_ALLOWED_HOSTS`: comma-separated `host` or `host:port`. Unset or empty: no
 * host is allowed. Returns the entries, or the first that cannot be read.
 */
export function parseAllowedHosts(
  text: string | undefined,
): { ok: true; hosts: AllowedHost[] } | { ok: false; entry: string } {
  const hosts: AllowedHost[] = [];
  for (const raw of (text ?? "").split(",")) {
    const entry = raw.trim();
    if (entry === "") continue;
    const match = ENTRY.exec(entry);
    const port = match?.[2] === undefined ? undefined : Number(match[2]);
    if (!match || (port !== undefined && (port < 1 || port > 65535))) return { ok: false, entry };
    // Bracketed IPv6 addresses go through URL so that `[0:0::1]` and `[::1]` compare equal.
    const hostname = match[1]!.startsWith("[") ? new URL(`http://${match[1]!}`).hostname : normalizeName(match[1]!);
    hosts.push({ hostname, port });
  }
  return { ok: true, hosts };
}

/** The port a URL connects to: its own, or its scheme's default. */
export function portOf(url: URL): number {
  if (url.port !== "") return Number(url.port);
  return url.protocol === "https:" ? 443 : 80;
}

/** Whether an `http` block may call this URL's host and port. */
export function isHostAllowed(allowed: readonly AllowedHost[], url: URL): boolean {
  const hostname = normalizeName(url.hostname);
  const port = portOf(url);
  return allowed.some(
    (host) => host.hostname === hostname && (host.port === undefined ? url.port === "" : host.port === port),
  );
}
