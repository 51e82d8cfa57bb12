import { InvalidArgumentError, type Command } from "commander";
import { CliError } from "../cli-error.ts";
import { checkFlowAnswer, type FlowAnswer } from "../flow-answer.ts";
import { readFlowFile } from "../flow-file.ts";
import { divergedShare, formatReplay, type ReplayReport } from "../format-replay.ts";
import { readGlobals } from "../global-options.ts";
import { request } from "../http.ts";
import { out, printJson, progress } from "../print.ts";

const CONTENT_TYPE = { json: "application/json", yaml: "application/yaml" } as const;
/** A replay of 10,000 sessions takes seconds, more than the usual request budget. @default 5 minutes */
const REPLAY_TIMEOUT_MS = 5 * 60_000;

/** `chatflow flow replay FILE --last N [--fail-over R]`: stored conversations against a flow before it goes live. */
export function registerReplayCommand(flow: Command): void {
  flow
    .command("replay")
    .description(
      "run the customer lines of the last N stored sessions through a flow file on the server (nothing stored, no LLM or API call) and list where the conversations would change",
    )
    .argument("<file>", "the candidate flow (.json, .yaml or .yml)")
    .option("--last <n>", "how many of the newest sessions to replay (1 to 10000)", parseLast, 200)
    .option("--fail-over <share>", "exit 1 when more than this share of sessions diverged (0 to 1), for CI", parseShare)
    .option("--json", "print the server's JSON answer")
    .action(async (file: string, options: { last: number; failOver?: number; json?: boolean }, command: Command) => {
      const { urls, token } = readGlobals(command);
      const { text, format } = await readFlowFile(file);
      const shown = progress();
      shown.update(`replaying the last ${options.last} sessions of ${urls.http} against ${file}…`);
      const response = await request(urls, `/config/replay?last=${options.last}`, {
        method: "POST",
        token,
        headers: { "content-type": CONTENT_TYPE[format] },
        body: text,
        expect: [400],
        timeoutMs: REPLAY_TIMEOUT_MS,
      }).finally(() => shown.done());
      const body = (await response.json()) as ReplayReport & FlowAnswer;
      checkFlowAnswer(response.status, body, (problems) => `${file} is invalid: ${problems}`);
      if (options.json) printJson(body);
      else for (const line of formatReplay(body)) out(line);
      const share = divergedShare(body);
      if (options.failOver !== undefined && share > options.failOver)
        throw new CliError(
          `${(100 * share).toFixed(1)}% of sessions diverged, more than --fail-over ${options.failOver}`,
        );
    });
}

function parseLast(value: string): number {
  if (!/^\d{1,5}$/.test(value) || Number(value) < 1 || Number(value) > 10_000)
    throw new InvalidArgumentError("a whole number from 1 to 10000");
  return Number(value);
}

function parseShare(value: string): number {
  const share = Number(value);
  if (!/^\d*\.?\d+$/.test(value) || share > 1) throw new InvalidArgumentError("a share from 0 to 1, such as 0.1");
  return share;
}
