import { httpGraphql } from "./graphql-clients.ts";

export const HANDOFF_FIELDS = "sessionId customerId queue status operator since";

export interface HandoffRow {
  sessionId: string;
  customerId: string;
  queue: string | null;
  status: "QUEUED" | "ASSIGNED" | "RELEASED";
  operator: string | null;
}

/** Creates an operator over REST as ADMIN_TOKEN; returns its id and token. */
export async function addOperator(baseUrl: string, adminToken: string, name: string) {
  const response = await fetch(`${baseUrl}/operators`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${adminToken}` },
    body: JSON.stringify({ name }),
  });
  if (response.status !== 201) throw new Error(`POST /operators: ${response.status} ${await response.text()}`);
  return (await response.json()) as { id: string; name: string; token: string };
}

/** The GraphQL handoff operations, as one operator (or ADMIN_TOKEN) calls them over HTTP. */
export function operatorClient(baseUrl: string, token: string) {
  const client = httpGraphql(baseUrl, token);
  return {
    queue: async (status?: string) =>
      (
        await client.request<{ handoffQueue: HandoffRow[] }>(
          `query Queue($status: HandoffStatus) { handoffQueue(status: $status) { ${HANDOFF_FIELDS} } }`,
          status ? { status } : {},
        )
      ).handoffQueue,
    claim: async (sessionId: string) =>
      (
        await client.request<{ claimConversation: HandoffRow }>(
          `mutation Claim($sessionId: ID!) { claimConversation(sessionId: $sessionId) { ${HANDOFF_FIELDS} } }`,
          { sessionId },
        )
      ).claimConversation,
    say: async (sessionId: string, text: string, clientMsgId?: string) =>
      (
        await client.request<{ sendOperatorMessage: { id: string; sender: string; operator: string; text: string } }>(
          `mutation Say($sessionId: ID!, $text: String!, $clientMsgId: String) {
            sendOperatorMessage(sessionId: $sessionId, text: $text, clientMsgId: $clientMsgId) { id sender operator text }
          }`,
          { sessionId, text, clientMsgId },
        )
      ).sendOperatorMessage,
    release: async (sessionId: string, goto?: string) =>
      (
        await client.request<{ releaseConversation: HandoffRow }>(
          `mutation Release($sessionId: ID!, $goto: String) { releaseConversation(sessionId: $sessionId, goto: $goto) { ${HANDOFF_FIELDS} } }`,
          { sessionId, goto },
        )
      ).releaseConversation,
    raw: client,
  };
}

/** The `extensions.code` of a failed GraphQL request, or "ok". */
export async function errorCode(request: Promise<unknown>): Promise<string> {
  try {
    await request;
    return "ok";
  } catch (error) {
    const errors = (error as { response?: { errors?: { extensions?: { code?: string } }[] } }).response?.errors;
    return errors?.[0]?.extensions?.code ?? String(error);
  }
}
