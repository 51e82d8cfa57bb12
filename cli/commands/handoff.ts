import { createInterface } from "node:readline";
import type { Command } from "commander";
import { CliError } from "../cli-error.ts";
import { graphql } from "../graphql.ts";
import { readGlobals } from "../global-options.ts";
import { follow, operatorSocket } from "../handoff/operator-socket.ts";
import { botLine, note, out } from "../print.ts";

const HANDOFF_FIELDS = "sessionId customerId queue status operator since";

interface HandoffRow {
  sessionId: string;
  customerId: string;
  queue: string | null;
  status: "QUEUED" | "ASSIGNED" | "RELEASED";
  operator: string | null;
  since: string;
}

interface MessageRow {
  id: string;
  sender: "CUSTOMER" | "BOT" | "OPERATOR";
  text: string;
  operator: string | null;
}

/** `chatflow inbox` and `chatflow takeover`: the human side of a handoff, over GraphQL. */
export function registerHandoffCommands(program: Command): void {
  program
    .command("inbox")
    .description("show the handoff queue live: conversations waiting for a human and who holds which")
    .option("--once", "print the queue once and exit")
    .action(async (options: { once?: boolean }, command: Command) => {
      const { urls, token } = readGlobals(command);
      const rows = new Map<string, HandoffRow>();
      const { handoffQueue } = await graphql<{ handoffQueue: HandoffRow[] }>(
        urls,
        token,
        `query Inbox { handoffQueue { ${HANDOFF_FIELDS} } }`,
      );
      for (const row of handoffQueue) rows.set(row.sessionId, row);
      printInbox(rows);
      if (options.once) return;
      const client = operatorSocket(urls, token);
      const live = follow<{ handoffUpdated: HandoffRow }>(
        client,
        `subscription Inbox { handoffUpdated { ${HANDOFF_FIELDS} } }`,
        {},
        ({ handoffUpdated: row }) => {
          if (row.status === "RELEASED") rows.delete(row.sessionId);
          else rows.set(row.sessionId, row);
          printInbox(rows, row);
        },
      );
      process.once("SIGINT", () => {
        live.stop();
        void client.dispose();
        process.exit(0);
      });
      await live.failed;
    });

  program
    .command("takeover")
    .description(
      "claim a conversation from the handoff queue and chat as the operator (/release [block] hands it back)",
    )
    .argument("<session>", "the session id (chatflow inbox lists them)")
    .action(async (sessionId: string, _options: unknown, command: Command) => {
      const { urls, token } = readGlobals(command);
      const { claimConversation: claimed } = await graphql<{ claimConversation: HandoffRow }>(
        urls,
        token,
        `mutation Claim($s: ID!) { claimConversation(sessionId: $s) { ${HANDOFF_FIELDS} } }`,
        { s: sessionId },
      );
      await printRecent(urls, token, claimed.customerId);
      note(
        `(you are ${claimed.operator ?? "the operator"} in ${sessionId}; type to answer, /release [block] to hand back)`,
      );
      const sent = new Set<string>();
      const client = operatorSocket(urls, token);
      const live = follow<{ conversation: MessageRow }>(
        client,
        "subscription Watch($s: ID!) { conversation(sessionId: $s) { id sender text operator } }",
        { s: sessionId },
        ({ conversation: message }) => {
          if (!sent.has(message.id)) out(messageLine(message));
        },
      );
      const rl = createInterface({
        input: process.stdin,
        output: process.stdout,
        terminal: Boolean(process.stdin.isTTY),
      });
      const done = new Promise<void>((resolve, reject) => {
        rl.on("close", resolve);
        live.failed.catch(reject);
        rl.on("line", (line) => {
          rl.pause();
          handleLine(line)
            .then((finished) => (finished ? rl.close() : rl.resume()))
            .catch((error: unknown) => {
              process.stderr.write(`chatflow: ${error instanceof Error ? error.message : String(error)}\n`);
              rl.resume();
            });
        });
      });
      const handleLine = async (line: string): Promise<boolean> => {
        const text = line.trim();
        if (text === "") return false;
        if (text === "/quit") return true;
        const release = /^\/release(?:\s+(\S+))?$/.exec(text);
        if (release) {
          await graphql(
            urls,
            token,
            "mutation Release($s: ID!, $g: String) { releaseConversation(sessionId: $s, goto: $g) { status } }",
            {
              s: sessionId,
              g: release[1] ?? null,
            },
          );
          note(`(released ${sessionId}: the bot carries on${release[1] ? ` at ${release[1]}` : ""})`);
          return true;
        }
        if (text.startsWith("/")) throw new CliError("commands: /release [block], /quit");
        const { sendOperatorMessage } = await graphql<{ sendOperatorMessage: MessageRow }>(
          urls,
          token,
          "mutation Say($s: ID!, $t: String!, $c: String) { sendOperatorMessage(sessionId: $s, text: $t, clientMsgId: $c) { id sender text operator } }",
          { s: sessionId, t: text, c: crypto.randomUUID() },
        );
        sent.add(sendOperatorMessage.id);
        return false;
      };
      rl.setPrompt("");
      try {
        await done;
      } finally {
        live.stop();
        await client.dispose();
      }
    });
}

async function printRecent(urls: Parameters<typeof graphql>[0], token: string | undefined, customerId: string) {
  const { messages } = await graphql<{ messages: { items: MessageRow[] } }>(
    urls,
    token,
    "query Recent($c: ID!) { messages(customerId: $c, limit: 20) { items { id sender text operator } } }",
    { c: customerId },
  );
  for (const message of messages.items) out(messageLine(message));
}

function messageLine(message: MessageRow): string {
  if (message.sender === "CUSTOMER") return `customer › ${message.text}`;
  if (message.sender === "BOT") return botLine(message.text);
  return `${message.operator ?? "operator"} › ${message.text}`;
}

/** The queue as a table, redrawn on a terminal; one line per change otherwise. */
function printInbox(rows: Map<string, HandoffRow>, change?: HandoffRow): void {
  if (change && !process.stdout.isTTY) {
    out(
      `${change.status.toLowerCase()}  ${change.sessionId}  ${change.queue ?? "-"}  ${change.operator ?? ""}`.trimEnd(),
    );
    return;
  }
  if (process.stdout.isTTY) process.stdout.write("\x1b[2J\x1b[H");
  out(`handoff queue: ${rows.size} conversation${rows.size === 1 ? "" : "s"}  (Ctrl-C to leave)`);
  for (const row of [...rows.values()].sort((a, b) => a.since.localeCompare(b.since))) {
    const who = row.status === "ASSIGNED" ? `held by ${row.operator ?? "?"}` : "waiting";
    out(
      `${row.sessionId}  ${(row.queue ?? "-").padEnd(10)} ${who.padEnd(16)} since ${row.since.slice(11, 19)}  customer ${row.customerId}`,
    );
  }
}
