import { InvalidArgumentError, Option, type Command } from "commander";
import { graphql } from "../graphql.ts";
import { readGlobals } from "../global-options.ts";
import { note, out, printJson } from "../print.ts";

/** The fields of a `FeedbackRow`, for every query that prints feedback. */
export const FEEDBACK_FIELDS = "id customerId sessionId rating comment sentiment createdAt";

const FEEDBACK_QUERY = /* GraphQL */ `
  query Feedback($customerId: ID, $sentiment: Sentiment, $limit: Int) {
    feedback(customerId: $customerId, sentiment: $sentiment, limit: $limit) { ${FEEDBACK_FIELDS} }
    feedbackSummary {
      count
      averageRating
      positive
      neutral
      negative
    }
  }
`;

export interface FeedbackRow {
  id: string;
  customerId: string;
  sessionId: string;
  rating: number;
  comment: string | null;
  sentiment: "POSITIVE" | "NEUTRAL" | "NEGATIVE";
  createdAt: string;
}

export interface FeedbackSummary {
  count: number;
  averageRating: number | null;
  positive: number;
  neutral: number;
  negative: number;
}

/** `chatflow feedback`: the newest ratings with their sentiment, and the summary. */
export function registerFeedbackCommand(program: Command): void {
  program
    .command("feedback")
    .description("print the stored feedback (newest first) and its summary")
    .option("--customer <id>", "only this customer's feedback")
    .addOption(
      new Option("--sentiment <sentiment>", "only this sentiment").choices(["positive", "neutral", "negative"]),
    )
    .option("--limit <n>", "at most this many rows", parseLimit, 20)
    .option("--json", "print JSON: {summary, feedback: [...]}")
    .action(
      async (options: { customer?: string; sentiment?: string; limit: number; json?: boolean }, command: Command) => {
        const { urls, token } = readGlobals(command);
        const answer = await graphql<{ feedback: FeedbackRow[]; feedbackSummary: FeedbackSummary }>(
          urls,
          token,
          FEEDBACK_QUERY,
          { customerId: options.customer, sentiment: options.sentiment?.toUpperCase(), limit: options.limit },
        );
        if (options.json) return printJson({ summary: answer.feedbackSummary, feedback: answer.feedback });
        out(summaryLine(answer.feedbackSummary));
        if (answer.feedback.length === 0) return note("no feedback matches");
        for (const row of answer.feedback) out(feedbackLine(row));
      },
    );
}

export function summaryLine(summary: FeedbackSummary): string {
  const average = summary.averageRating === null ? "–" : summary.averageRating.toFixed(2);
  return `${summary.count} rating${summary.count === 1 ? "" : "s"}, average ${average}: ${summary.positive} positive, ${summary.neutral} neutral, ${summary.negative} negative`;
}

export function feedbackLine(row: FeedbackRow): string {
  const stars = "★".repeat(row.rating) + "☆".repeat(Math.max(0, 5 - row.rating));
  const comment = row.comment ? `  “${row.comment}”` : "";
  return `${row.createdAt.slice(0, 16).replace("T", " ")}  ${stars} ${row.rating}  ${row.sentiment.toLowerCase().padEnd(8)}  ${row.customerId}${comment}`;
}

function parseLimit(value: string): number {
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1) throw new InvalidArgumentError("a whole number of at least 1");
  return limit;
}
