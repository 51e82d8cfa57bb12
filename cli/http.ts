import { CliError } from "./cli-error.ts";
import type { ServerUrls } from "./server-url.ts";

/** How long one HTTP request may take. @default 15000 */
export const REQUEST_TIMEOUT_MS = 15_000;

export interface RequestOptions {
  method?: string;
  /** Operator token, sent as `Authorization: Bearer`. */
  token?: string | undefined;
  headers?: Record<string, string>;
  body?: string;
  /** Error statuses the caller reads itself (e.g. 400 with a flow's errors) instead of failing. */
  expect?: number[];
  /** @default REQUEST_TIMEOUT_MS */
  timeoutMs?: number;
}

/** The one line a user sees when nothing answers: the URL tried and how to start a server. */
export function unreachableError(url: string, cause: unknown): CliError {
  return new CliError(
    `cannot reach the chatflow server at ${url} (${describeCause(cause)}): start one with \`npm start\`, or point --url / CHATFLOW_URL at a running server`,
  );
}

/** Why a connection failed, in a few words: "connection refused", "unknown host", "timed out"… */
export function describeCause(cause: unknown): string {
  const code = findCode(cause);
  if (code === "ECONNREFUSED") return "connection refused";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return "unknown host";
  if (code === "TimeoutError" || code === "ETIMEDOUT" || code === "UND_ERR_CONNECT_TIMEOUT") return "timed out";
  if (code) return code;
  return innermostMessage(cause);
}

/** fetch's own message is only "fetch failed"; the reason is in its cause. */
function innermostMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.cause === undefined ? error.message : innermostMessage(error.cause);
}

// fetch wraps the socket error as `cause`; ws reports it directly; AggregateError (IPv4 and IPv6
// both refused) nests it once more.
function findCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const { code, name, cause, errors } = error as { code?: unknown; name?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === "string") return code;
  if (name === "TimeoutError") return name;
  if (Array.isArray(errors)) return findCode(errors[0]);
  return findCode(cause);
}

/** True when `error` is the network failing (as opposed to the server answering badly). */
export function isNetworkError(error: unknown): boolean {
  return error instanceof TypeError || findCode(error) !== undefined;
}

export function authorization(token: string | undefined): Record<string, string> {
  return token ? { authorization: `Bearer ${token}` } : {};
}

/**
 * Calls the server and returns the response when it is a success; network failures and error
 * answers (`{"error", "message"}`, docs/PROTOCOL.md) become one-line `CliError`s. 304 counts as success.
 */
export async function request(server: ServerUrls, path: string, options: RequestOptions = {}): Promise<Response> {
  const url = `${server.http}${path}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: options.method ?? "GET",
      headers: { ...authorization(options.token), ...options.headers },
      body: options.body,
      signal: AbortSignal.timeout(options.timeoutMs ?? REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    throw unreachableError(server.http, error);
  }
  if (response.ok || response.status === 304 || options.expect?.includes(response.status)) return response;
  throw await answerError(response, options.token);
}

/** `request` for routes that answer JSON. */
export async function requestJson<T>(server: ServerUrls, path: string, options: RequestOptions = {}): Promise<T> {
  const response = await request(server, path, options);
  return (await response.json()) as T;
}

/** One line from an error answer, with a hint when the cure is a token. */
export async function answerError(response: Response, token: string | undefined): Promise<CliError> {
  const text = await response.text();
  let code = "";
  let message = text.trim().split("\n")[0] ?? "";
  try {
    const body = JSON.parse(text) as { error?: unknown; message?: unknown };
    if (typeof body.error === "string") code = body.error;
    if (typeof body.message === "string") message = body.message;
  } catch {
    // not JSON: keep the first line of the text
  }
  const hint =
    response.status === 401
      ? token
        ? " (check --token / CHATFLOW_TOKEN)"
        : "; pass --token or set CHATFLOW_TOKEN"
      : "";
  return new CliError(`the server answered ${response.status}${code ? ` ${code}` : ""}: ${message}${hint}`);
}
