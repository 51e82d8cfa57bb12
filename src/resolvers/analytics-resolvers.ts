import { parseAnalyticsRequest } from "../chat/analytics-request.ts";
import { requireOperator, type GraphQLContext } from "./context.ts";

export const analyticsQueryResolvers = {
  flowAnalytics: async (
    _: unknown,
    args: { version?: number | null; from?: string | null; to?: string | null },
    { viewer, services }: GraphQLContext,
  ) => {
    requireOperator(viewer);
    return services.analytics.report(parseAnalyticsRequest(args));
  },

  unmatchedLines: async (_: unknown, args: { version?: number | null }, { viewer, services }: GraphQLContext) => {
    requireOperator(viewer);
    return services.unmatched.report(parseAnalyticsRequest({ version: args.version }));
  },
};
