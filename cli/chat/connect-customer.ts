import { CliError } from "../cli-error.ts";
import type { ServerUrls } from "../server-url.ts";
import type { TokenStore } from "../token-store.ts";
import { ChatSocket, UpgradeRefused, type Turn } from "./chat-socket.ts";
import type { ServerFrame, SessionFrame } from "./parse-server-frame.ts";

export interface Connected {
  socket: ChatSocket;
  session: SessionFrame;
  /** The session frame, the greeting (or nothing, when resumed) and `waiting` / `ended`. */
  opening: Turn;
  customerId: string;
  customerToken: string | undefined;
  /** True when this run created the customer. */
  isNew: boolean;
}

/**
 * Connects as `customerId` with its remembered token, or as a new customer (with that id, or
 * one the server picks), and remembers the token the server hands out so the next run resumes.
 */
export async function connectCustomer(options: {
  urls: ServerUrls;
  store: TokenStore;
  customerId: string | undefined;
  customerIdSignature?: string | undefined;
  name: string | undefined;
  onFrame: (frame: ServerFrame) => void;
  /** How long to try reconnecting when the server goes away. */
  giveUpMs?: number | undefined;
}): Promise<Connected> {
  const { urls, store, customerId, customerIdSignature, name } = options;
  const stored = customerId ? await store.get(urls.http, customerId) : undefined;
  let socket: ChatSocket;
  try {
    socket = await ChatSocket.open(
      urls,
      { customerId, token: stored?.token, customerIdSignature, name },
      options.onFrame,
      options.giveUpMs === undefined ? {} : { giveUpMs: options.giveUpMs },
    );
  } catch (error) {
    if (error instanceof UpgradeRefused)
      throw refusal(error, {
        urls,
        store,
        customerId,
        hadToken: stored !== undefined,
        signed: Boolean(customerIdSignature),
      });
    throw error;
  }
  // A server that never opens the conversation must not keep the process alive after the error.
  const opening = await socket.nextTurn().catch(async (error: unknown) => {
    await socket.close();
    throw error;
  });
  const session = opening.frames.find((frame): frame is SessionFrame => frame.type === "session");
  if (!session) {
    await socket.close();
    throw new CliError(`the server did not open a session: ${JSON.stringify(opening.end)}`);
  }
  const token = session.customerToken ?? stored?.token;
  if (token && token !== stored?.token) {
    await store.save(urls.http, session.customerId, { token, name: name ?? stored?.name });
  }
  return {
    socket,
    session,
    opening,
    customerId: session.customerId,
    customerToken: token,
    isNew: stored === undefined,
  };
}

function refusal(
  error: UpgradeRefused,
  context: { urls: ServerUrls; store: TokenStore; customerId: string | undefined; hadToken: boolean; signed: boolean },
): CliError {
  const { urls, store, customerId, hadToken } = context;
  if (error.status === 401 && customerId) {
    if (context.signed)
      return new CliError(
        `the server at ${urls.http} refused the --signature of customer "${customerId}": ${error.message}`,
      );
    if (hadToken)
      return new CliError(
        `the server at ${urls.http} refused the token stored for customer "${customerId}" in ${store.path} (was its database reset?): chat under another --customer id`,
      );
    // Not an existing customer: the server wants a signed id (CUSTOMER_ID_SECRET), and says so.
    if (!error.message.startsWith("this customer exists"))
      return new CliError(`the server at ${urls.http} refused customer "${customerId}": ${error.message}`);
    return new CliError(
      `customer "${customerId}" already exists on ${urls.http} and its token is not in ${store.path}: chat under another --customer id`,
    );
  }
  return new CliError(`the server refused the chat connection: ${error.status} ${error.code} ${error.message}`.trim());
}
