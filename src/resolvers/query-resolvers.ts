import { DomainError } from "../domain-error.ts";
import type { HandoffStatusName, SentimentName } from "../storage/records.ts";
import {
  requireCustomerOrOperator,
  requireHolder,
  requireOperator,
  requireSessionReader,
  type GraphQLContext,
} from "./context.ts";
import { gqlFeedback, gqlHandoff, gqlMessage } from "./present.ts";

export const queryResolvers = {
  flowConfig: async (_: unknown, __: unknown, { viewer, services }: GraphQLContext) => {
    requireOperator(viewer);
    const active = await services.store.findActiveFlowVersion();
    if (!active) return null;
    return { ...active, definition: JSON.parse(active.definition) as unknown };
  },

  flowVersions: async (_: unknown, __: unknown, { viewer, services }: GraphQLContext) => {
    requireOperator(viewer);
    const [versions, active] = await Promise.all([
      services.store.listFlowVersions(),
      services.store.findActiveFlowVersionNumber(),
    ]);
    return versions.map((v) => ({ ...v, active: v.version === active }));
  },

  messages: async (
    _: unknown,
    args: { customerId: string; limit?: number | null; before?: string | null },
    { viewer, services }: GraphQLContext,
  ) => {
    const active = viewer.agent ? await services.store.findActiveSession(args.customerId) : null;
    if (active) requireSessionReader(viewer, services, active);
    else requireCustomerOrOperator(viewer, args.customerId);
    const page = await services.history.messages(args.customerId, args.limit ?? undefined, args.before ?? undefined);
    return { items: page.messages.map(gqlMessage), nextCursor: page.nextCursor };
  },

  session: async (_: unknown, args: { id: string }, { viewer, services }: GraphQLContext) => {
    const session = await services.history.session(args.id);
    if (!session) return null;
    requireSessionReader(viewer, services, session);
    // A function field is resolved only when asked for (graphql-js calls it): the options need
    // the session's flow version.
    const options = async () => (await services.chat.offeredOptions(session)) ?? null;
    return { ...session, status: session.status.toUpperCase(), options };
  },

  feedback: async (
    _: unknown,
    args: { customerId?: string | null; sentiment?: string | null; limit?: number | null },
    { viewer, services }: GraphQLContext,
  ) => {
    const customerId = viewer.operator ? (args.customerId ?? undefined) : viewer.customer?.id;
    if (!customerId && !viewer.operator) throw new DomainError("UNAUTHORIZED", "send a customer token or ADMIN_TOKEN");
    if (!viewer.operator && args.customerId && args.customerId !== customerId)
      requireCustomerOrOperator(viewer, args.customerId);
    const sentiment = args.sentiment ? (args.sentiment.toLowerCase() as SentimentName) : undefined;
    const rows = await services.history.feedback({ customerId, sentiment, limit: args.limit ?? undefined });
    return rows.map(gqlFeedback);
  },

  feedbackSummary: async (_: unknown, __: unknown, { viewer, services }: GraphQLContext) => {
    if (viewer.operator) return services.history.feedbackSummary();
    if (!viewer.customer) throw new DomainError("UNAUTHORIZED", "send a customer token or ADMIN_TOKEN");
    return services.history.feedbackSummary(viewer.customer.id);
  },
};

export const handoffQueryResolvers = {
  handoffQueue: async (_: unknown, args: { status?: string | null }, { viewer, services }: GraphQLContext) => {
    const holder = requireHolder(viewer);
    const status = args.status ? (args.status.toLowerCase() as HandoffStatusName) : undefined;
    return (await services.handoffs.queue(holder, status)).map(gqlHandoff);
  },
};

export const sessionResolvers = {
  steps: async (session: { id: string }, _: unknown, { services }: GraphQLContext) =>
    services.history.steps(session.id),
};
