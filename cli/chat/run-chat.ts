import type { Globals } from "../global-options.ts";
import { note } from "../print.ts";
import type { ServerUrls } from "../server-url.ts";
import { TokenStore } from "../token-store.ts";
import { connectCustomer } from "./connect-customer.ts";
import { createFramePrinter } from "./frame-printer.ts";
import { interactiveChat } from "./interactive-chat.ts";
import { pipedChat } from "./piped-chat.ts";
import { PromptLine } from "./prompt-line.ts";
import { showLastWords } from "./show-last-words.ts";
import { HELP_TEXT } from "./slash-commands.ts";

export interface ChatOptions {
  customer?: string;
  /** Signature of `customer`, for a server with identity verification. */
  signature?: string;
  name?: string;
  /** Seconds to try reconnecting when the server goes away. */
  giveUpAfter?: number;
}

/** What the chat's slash commands need to know about the conversation. */
export interface SlashContext {
  urls: ServerUrls;
  customerId: string;
  customerToken: string | undefined;
}

/** `chatflow chat`: interactive at a terminal, line by line when stdin is a pipe or a file. */
export async function runChat(globals: Globals, options: ChatOptions): Promise<number> {
  const interactive = Boolean(process.stdin.isTTY);
  const printFrame = createFramePrinter({ echoCustomer: !interactive });
  const promptLine = new PromptLine();
  const connected = await connectCustomer({
    urls: globals.urls,
    store: new TokenStore(),
    customerId: options.customer,
    customerIdSignature: options.customer ? options.signature || undefined : undefined,
    name: options.name,
    onFrame: (frame) => promptLine.printAbove(() => printFrame(frame)),
    giveUpMs: options.giveUpAfter === undefined ? undefined : options.giveUpAfter * 1000,
  });
  const { socket, session } = connected;
  describeSession(connected.customerId, connected.isNew, session.resumed, Boolean(options.customer), interactive);

  // Ctrl-C on a pipe (at a terminal readline turns it into an event instead).
  const onSignal = () => {
    void socket.close().then(() => process.exit(130));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    if (connected.opening.end.type === "ended") return 0;
    const context = { urls: globals.urls, customerId: connected.customerId, customerToken: connected.customerToken };
    if (interactive && session.resumed) await showLastWords(context);
    return interactive ? await interactiveChat(socket, context, promptLine) : await pipedChat(socket, context);
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    await socket.close();
  }
}

function describeSession(
  customerId: string,
  isNew: boolean,
  resumed: boolean,
  chosenId: boolean,
  interactive: boolean,
): void {
  if (resumed) note(`(resumed ${customerId}'s conversation where it stopped; /history shows what was said)`);
  else if (isNew && !chosenId)
    note(`(you are customer ${customerId}; chat as them again with --customer ${customerId})`);
  if (interactive) note(`(${HELP_TEXT})`);
}
