import fs from "node:fs";
import { botTexts, connectCustomer } from "./chat-client.ts";
import { startTestApp, uploadFlow } from "./start-test-app.ts";

export const ADMIN_TOKEN = "unmatched-admin-token";

const flow = JSON.parse(fs.readFileSync("test/fixtures/unmatched.json", "utf8")) as unknown;

/** Questions about opening hours, which test/fixtures/unmatched.json has no intent for (one said twice). */
export const HOURS_LINES = [
  "what time do you open?",
  "when are you open on saturday",
  "are you open on sundays?",
  "what are your opening hours",
  "how late are you open tonight",
];
/** Another missing topic: where an order is. */
export const DELIVERY_LINES = ["where is my parcel", "my package has not arrived", "my delivery is late"];

/**
 * A real server with the real offline classifiers (in their worker) and test/fixtures/unmatched.json
 * active; four customers talk over `/chat`: six lines about opening hours, three about a
 * delivery, none of which the flow's intents catch, and one line it does catch.
 */
export async function startUnmatchedApp() {
  const app = await startTestApp({ ADMIN_TOKEN });
  const version = await uploadFlow(app.url, flow, ADMIN_TOKEN);
  const talk = async (lines: string[]) => {
    const { client } = await connectCustomer(app.wsUrl);
    const replies = [];
    for (const line of lines) replies.push(botTexts(await client.say(line)));
    client.close();
    return replies;
  };
  const said = [
    ...(await talk([HOURS_LINES[0]!, DELIVERY_LINES[0]!, HOURS_LINES[1]!])),
    ...(await talk([HOURS_LINES[2]!, HOURS_LINES[0]!, DELIVERY_LINES[1]!])),
    ...(await talk([DELIVERY_LINES[2]!, HOURS_LINES[3]!, HOURS_LINES[4]!])),
    ...(await talk(["I want to leave a rating"])),
  ];
  return { app, version, flow, said };
}
