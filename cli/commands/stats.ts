import { InvalidArgumentError, type Command } from "commander";
import { CliError } from "../cli-error.ts";
import { formatStats, type FlowStats } from "../format-stats.ts";
import { formatUnmatched, type UnmatchedStats } from "../format-unmatched.ts";
import { graphql } from "../graphql.ts";
import { readGlobals } from "../global-options.ts";
import { out, printJson } from "../print.ts";

const STATS_QUERY = /* GraphQL */ `
  query Stats($version: Int, $from: String, $to: String) {
    flowAnalytics(version: $version, from: $from, to: $to) {
      version
      conversations
      ended
      handoffs
      noMatchRate
      feedback {
        count
        averageRating
        positive
        neutral
        negative
      }
      blocks {
        blockId
        entered
        leftTheConversation
      }
    }
  }
`;

const UNMATCHED_QUERY = /* GraphQL */ `
  query Unmatched($version: Int) {
    unmatchedLines(version: $version) {
      version
      groupedBy
      groups {
        examples
        count
      }
    }
  }
`;

type StatsOptions = { version?: number; from?: string; to?: string; json?: boolean; unmatched?: boolean };

/** `chatflow stats`: a flow version's analytics (README, Insight), as a table or JSON. */
export function registerStatsCommand(program: Command): void {
  program
    .command("stats")
    .description(
      "print a flow version's analytics: conversations, handoffs, no-match rate, feedback, drop-off per block; or the lines no intent caught (--unmatched)",
    )
    .option("--version <n>", "the flow version (default: the active one)", parseVersion)
    .option("--from <timestamp>", "only sessions started at or after this ISO timestamp")
    .option("--to <timestamp>", "only sessions started before this ISO timestamp")
    .option("--unmatched", "print the customer lines no intent caught instead, grouped by meaning")
    .option("--json", "print the report as JSON (the shape of GET /analytics, or of unmatchedLines)")
    .action(async (options: StatsOptions, command: Command) => {
      const { urls, token } = readGlobals(command);
      if (options.unmatched) {
        if (options.from !== undefined || options.to !== undefined) {
          throw new CliError("--from and --to do not apply to --unmatched (it reads the most recent lines)");
        }
        const { unmatchedLines } = await graphql<{ unmatchedLines: UnmatchedStats }>(urls, token, UNMATCHED_QUERY, {
          version: options.version,
        });
        if (options.json) return printJson(unmatchedLines);
        for (const line of formatUnmatched(unmatchedLines)) out(line);
        return;
      }
      const { flowAnalytics } = await graphql<{ flowAnalytics: FlowStats }>(urls, token, STATS_QUERY, {
        version: options.version,
        from: options.from,
        to: options.to,
      });
      if (options.json) return printJson(flowAnalytics);
      for (const line of formatStats(flowAnalytics)) out(line);
    });
}

function parseVersion(value: string): number {
  if (!/^\d{1,10}$/.test(value) || Number(value) < 1) throw new InvalidArgumentError("a whole number of at least 1");
  return Number(value);
}
