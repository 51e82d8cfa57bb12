import { ClientError, GraphQLClient } from "graphql-request";
import { CliError } from "./cli-error.ts";
import { authorization, isNetworkError, REQUEST_TIMEOUT_MS, unreachableError } from "./http.ts";
import type { ServerUrls } from "./server-url.ts";

/**
 * Runs one GraphQL operation at `/graphql` with a bearer token (the operator's, or a customer's
 * own). GraphQL errors and network failures become one-line `CliError`s.
 */
export async function graphql<T>(
  server: ServerUrls,
  token: string | undefined,
  document: string,
  variables: Record<string, unknown> = {},
): Promise<T> {
  const client = new GraphQLClient(`${server.http}/graphql`, {
    headers: authorization(token),
    fetch: (input, init) => fetch(input, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) }),
  });
  try {
    return await client.request<T>(document, variables);
  } catch (error) {
    if (error instanceof ClientError) {
      const first = error.response.errors?.[0];
      const code = (first?.extensions as { code?: unknown } | undefined)?.code;
      const hint = code === "UNAUTHORIZED" || code === "FORBIDDEN" ? "; pass --token or set CHATFLOW_TOKEN" : "";
      const what = first?.message ?? `HTTP ${error.response.status}`;
      throw new CliError(`the server answered ${typeof code === "string" ? `${code}: ` : ""}${what}${hint}`);
    }
    if (isNetworkError(error)) throw unreachableError(server.http, error);
    throw error;
  }
}
