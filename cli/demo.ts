// `npm run demo`: one command that shows chatflow end to end against the bundled default flow.
// It starts a server when none is given (and stops it afterwards), chats as a new customer,
// leaves a review through the feedback trigger (with a rejected rating first), then reads the
// stored feedback back over GraphQL and the history over REST.
import { parseArgs } from "node:util";
import { ChatSocket, type Turn } from "./chat/chat-socket.ts";
import { createFramePrinter } from "./chat/frame-printer.ts";
import { CliError } from "./cli-error.ts";
import { FEEDBACK_FIELDS, feedbackLine, type FeedbackRow } from "./commands/feedback.ts";
import { ensureDemoServer, type DemoServer } from "./demo/demo-server.ts";
import { formatHistory } from "./format-history.ts";
import { graphql } from "./graphql.ts";
import { DEFAULT_PAGE_SIZE, readWholeHistory, restPages } from "./history-pages.ts";
import { out, progress } from "./print.ts";

const { values: args } = parseArgs({ options: { url: { type: "string" }, token: { type: "string" } } });
const url = args.url ?? process.env["CHATFLOW_URL"];
const token = args.token ?? process.env["CHATFLOW_TOKEN"];

function heading(text: string): void {
  out(`\n▸ ${text}`);
}

/** The demo's script leans on the default flow's feedback questions; say so if they are not there. */
function expectWaiting(turn: Turn, blockId: string, after: string): void {
  if (turn.end.type === "waiting" && turn.end.blockId === blockId) return;
  throw new CliError(
    `after ${after} the flow should wait at "${blockId}" but ${JSON.stringify(turn.end)} came back: is the server's active flow the bundled default (flows/default.yaml)?`,
  );
}

async function playConversation(server: DemoServer, customerId: string): Promise<void> {
  heading(`A conversation over ${server.urls.ws}/chat (customer ${customerId})`);
  const socket = await ChatSocket.open(
    server.urls,
    { customerId, name: "Ada" },
    createFramePrinter({ echoCustomer: true }),
  );
  try {
    expectWaiting(await socket.nextTurn(), "listen", "the greeting");
    // Routed by the intent classifier; the answer depends on which one the server runs.
    await socket.say("what's the weather like tomorrow?");
    expectWaiting(await socket.say("I want to leave a review"), "rating", `"I want to leave a review"`);
    expectWaiting(await socket.say("6"), "rating", "an out-of-range rating");
    expectWaiting(await socket.say("5"), "comment", "a valid rating");
    expectWaiting(await socket.say("The weather tips were spot on, thanks!"), "listen", "the comment");
  } finally {
    await socket.close();
  }
}

async function showFeedback(server: DemoServer, customerId: string): Promise<void> {
  heading("The stored feedback, with its sentiment (GraphQL query `feedback`)");
  const answer = await graphql<{ feedback: FeedbackRow[] }>(
    server.urls,
    token,
    `
      query DemoFeedback($customerId: ID) {
        feedback(customerId: $customerId) { ${FEEDBACK_FIELDS} }
      }
    `,
    { customerId },
  );
  if (answer.feedback.length !== 1) throw new CliError(`expected one stored rating, found ${answer.feedback.length}`);
  for (const row of answer.feedback) out(feedbackLine(row));
}

async function showHistory(server: DemoServer, customerId: string): Promise<void> {
  heading(`The history read back (REST GET /message/list?customerId=${customerId})`);
  const messages = await readWholeHistory(restPages(server.urls, token, customerId, DEFAULT_PAGE_SIZE));
  for (const line of formatHistory(messages)) out(line);
}

async function main(): Promise<number> {
  const shown = progress();
  const server = await ensureDemoServer(url, (text) => shown.update(text)).finally(() => shown.done());
  const stopOnSignal = () => void server.stop().then(() => process.exit(130));
  process.once("SIGINT", stopOnSignal);
  process.once("SIGTERM", stopOnSignal);
  try {
    out(
      `chatflow demo against ${server.urls.http}${server.started ? " (started for this demo, in-memory database)" : ""}`,
    );
    // A new customer each run, so a reused server's older demos do not show up in this history.
    const customerId = `demo-${Math.random().toString(36).slice(2, 8)}`;
    await playConversation(server, customerId);
    await showFeedback(server, customerId);
    await showHistory(server, customerId);
    out(`\n✓ demo finished${server.started ? "; stopping the server it started" : ""}`);
    return 0;
  } finally {
    await server.stop();
  }
}

try {
  process.exitCode = await main();
} catch (error) {
  process.stderr.write(
    `chatflow demo: ${error instanceof CliError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
}
