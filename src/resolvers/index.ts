import { DateTimeResolver, JSONResolver } from "graphql-scalars";
import { analyticsQueryResolvers } from "./analytics-resolvers.ts";
import { replayQueryResolvers } from "./replay-resolvers.ts";
import { handoffMutationResolvers, handoffSubscriptionResolvers } from "./handoff-resolvers.ts";
import { mutationResolvers } from "./mutation-resolvers.ts";
import { handoffQueryResolvers, queryResolvers, sessionResolvers } from "./query-resolvers.ts";
import { subscriptionResolvers } from "./subscription-resolvers.ts";
import { webhookMutationResolvers, webhookQueryResolvers } from "./webhook-resolvers.ts";

export const resolvers = {
  DateTime: DateTimeResolver,
  JSON: JSONResolver,
  Query: {
    ...queryResolvers,
    ...handoffQueryResolvers,
    ...webhookQueryResolvers,
    ...analyticsQueryResolvers,
    ...replayQueryResolvers,
  },
  Mutation: { ...mutationResolvers, ...handoffMutationResolvers, ...webhookMutationResolvers },
  Subscription: { ...subscriptionResolvers, ...handoffSubscriptionResolvers },
  Session: sessionResolvers,
};

export type { GraphQLContext, Services } from "./context.ts";
