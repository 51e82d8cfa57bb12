import { parseReplayLast } from "../chat/replay/replay-request.ts";
import { requireOperator, type GraphQLContext } from "./context.ts";

export const replayQueryResolvers = {
  replayFlow: async (
    _: unknown,
    args: { definition: unknown; last?: number | null },
    { viewer, services }: GraphQLContext,
  ) => {
    requireOperator(viewer);
    const outcome = await services.replay.replayDocument(args.definition, parseReplayLast(args.last));
    if (!outcome.ok) return { ok: false, report: null, warnings: outcome.warnings, errors: outcome.errors };
    return { ok: true, report: outcome.report, warnings: outcome.warnings, errors: [] };
  },
};
