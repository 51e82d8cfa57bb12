import type { PrismaClient } from "./generated/client.ts";
import { SENTIMENT_ROW, toStoredFeedback } from "./map-rows.ts";
import type { SentimentName, StoredFeedback } from "./records.ts";

export interface FeedbackFilter {
  customerId?: string | undefined;
  sentiment?: SentimentName | undefined;
  limit: number;
}

/** Newest first. */
export async function listFeedback(prisma: PrismaClient, filter: FeedbackFilter): Promise<StoredFeedback[]> {
  const rows = await prisma.feedback.findMany({
    where: {
      ...(filter.customerId ? { customerId: filter.customerId } : {}),
      ...(filter.sentiment ? { sentiment: SENTIMENT_ROW[filter.sentiment] } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: filter.limit,
  });
  return rows.map(toStoredFeedback);
}

export interface FeedbackSummary {
  count: number;
  averageRating: number | null;
  positive: number;
  neutral: number;
  negative: number;
}

export async function summarizeFeedback(prisma: PrismaClient, customerId?: string): Promise<FeedbackSummary> {
  const where = customerId ? { customerId } : {};
  const [totals, bySentiment] = await Promise.all([
    prisma.feedback.aggregate({ where, _count: { _all: true }, _avg: { rating: true } }),
    prisma.feedback.groupBy({ by: ["sentiment"], where, _count: { _all: true } }),
  ]);
  const count = (sentiment: string) => bySentiment.find((row) => row.sentiment === sentiment)?._count._all ?? 0;
  return {
    count: totals._count._all,
    averageRating: totals._avg.rating,
    positive: count("POSITIVE"),
    neutral: count("NEUTRAL"),
    negative: count("NEGATIVE"),
  };
}
