/**
 * Which browser origins may call the server. Without an allow-list every origin may; a request
 * without `Origin` comes from a non-browser client and is always allowed.
 */
export class OriginPolicy {
  readonly #allowed: ReadonlySet<string> | undefined;

  /** `allowed`: origins like `https://app.example.com`; undefined: no restriction. */
  constructor(allowed: readonly string[] | undefined) {
    this.#allowed = allowed ? new Set(allowed.map(normalizeOrigin)) : undefined;
  }

  get restricted(): boolean {
    return this.#allowed !== undefined;
  }

  allows(origin: string | undefined): boolean {
    if (origin === undefined || this.#allowed === undefined) return true;
    return this.#allowed.has(normalizeOrigin(origin));
  }
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
