import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";
import { CliError } from "../cli-error.ts";
import type { ServerUrls } from "../server-url.ts";

/** A graphql-ws connection for the operator's live views (the queue, a conversation). */
export function operatorSocket(urls: ServerUrls, token: string | undefined): Client {
  return createClient({
    url: `${urls.ws}/graphql`,
    webSocketImpl: WebSocket,
    lazy: false,
    retryAttempts: 3,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
  });
}

/** Calls `onValue` for every value of a subscription; rejects `failed` on its first error. */
export function follow<T>(
  client: Client,
  query: string,
  variables: Record<string, unknown>,
  onValue: (value: T) => void,
): { failed: Promise<never>; stop: () => void } {
  let fail: (error: CliError) => void = () => {};
  const failed = new Promise<never>((_, reject) => (fail = reject));
  failed.catch(() => {});
  const stop = client.subscribe<T>(
    { query, variables },
    {
      next: (result) => {
        if (result.data) onValue(result.data);
        const first = result.errors?.[0] as { message?: string; extensions?: { code?: string } } | undefined;
        if (first) fail(new CliError(`the server answered ${first.extensions?.code ?? "ERROR"}: ${first.message}`));
      },
      error: (error) => fail(new CliError(`the live connection failed: ${describe(error)}`)),
      complete: () => fail(new CliError("the server ended the live view")),
    },
  );
  return { failed, stop };
}

function describe(error: unknown): string {
  if (Array.isArray(error)) return (error[0] as { message?: string } | undefined)?.message ?? "error";
  if (error instanceof Error) return error.message;
  const close = error as { code?: number; reason?: string };
  return close.code ? `closed ${close.code} ${close.reason ?? ""}`.trim() : String(error);
}
