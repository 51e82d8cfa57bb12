import { CliError } from "./cli-error.ts";

/** @default "http://localhost:3000" */
export const DEFAULT_SERVER_URL = "http://localhost:3000";

/** One server, addressed both ways: REST and GraphQL over HTTP, `/chat` over WebSocket. */
export interface ServerUrls {
  /** `http(s)://host:port[/prefix]`, no trailing slash. Also the key of stored customer tokens. */
  readonly http: string;
  /** `ws(s)://host:port[/prefix]`, no trailing slash. */
  readonly ws: string;
}

const TO_HTTP: Record<string, string> = { "http:": "http:", "https:": "https:", "ws:": "http:", "wss:": "https:" };

/**
 * Reads `--url` / `CHATFLOW_URL`. Users copy whichever URL they have at hand (the server prints
 * both), so `http://`, `ws://`, their TLS forms and a bare `host:port` all name the same server.
 */
export function parseServerUrl(input: string): ServerUrls {
  const text = input.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new CliError(`invalid server URL "${input}": use e.g. http://localhost:3000 or ws://localhost:3000`);
  }
  const protocol = TO_HTTP[url.protocol];
  if (protocol === undefined || url.hostname === "")
    throw new CliError(`invalid server URL "${input}": use http://, https://, ws:// or wss://`);
  const rest = `//${url.host}${url.pathname.replace(/\/+$/, "")}`;
  return { http: `${protocol}${rest}`, ws: `${protocol === "https:" ? "wss:" : "ws:"}${rest}` };
}
