import { DateTimeResolver, JSONResolver } from "graphql-scalars";
import { mutationResolvers } from "./mutation-resolvers.ts";
import { queryResolvers, sessionResolvers } from "./query-resolvers.ts";
import { subscriptionResolvers } from "./subscription-resolvers.ts";

export const resolvers = {
  DateTime: DateTimeResolver,
  JSON: JSONResolver,
  Query: queryResolvers,
  Mutation: mutationResolvers,
  Subscription: subscriptionResolvers,
  Session: sessionResolvers,
};

export type { GraphQLContext, Services } from "./context.ts";
