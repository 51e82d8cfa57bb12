import { Repeater } from "graphql-yoga";
import { DomainError } from "../domain-error.ts";
import type { ChatEvent, Topic } from "../events/event-bus.ts";
import { requireSessionReader, type GraphQLContext, type Services, type SubscriptionField } from "./context.ts";
import { gqlFeedback, gqlMessage } from "./present.ts";

/**
 * Turns bus events on one topic into an async iterator that unsubscribes when the client stops.
 * With `operatorId`, it also ends (`UNAUTHORIZED`) the moment that operator is removed, as its
 * token stops working.
 */
function listen<T>(
  services: Services,
  field: SubscriptionField,
  topic: Topic,
  pick: (event: ChatEvent) => T | undefined,
  operatorId?: string,
): AsyncIterable<T> {
  return new Repeater<T>(async (push, stop) => {
    const unsubscribe = services.bus.subscribe(topic, (event) => {
      const value = pick(event);
      if (value !== undefined) void push(value);
    });
    const unwatch =
      operatorId === undefined
        ? () => {}
        : services.bus.subscribe({ kind: "handoff" }, (event) => {
            if (event.kind === "operator-removed" && event.operatorId === operatorId)
              stop(new DomainError("UNAUTHORIZED", "this operator was removed"));
          });
    services.subscriptions.inc({ subscription: field });
    await stop;
    unsubscribe();
    unwatch();
    services.subscriptions.dec({ subscription: field });
  });
}

export const subscriptionResolvers = {
  conversation: {
    subscribe: async (_: unknown, args: { sessionId: string }, { viewer, services }: GraphQLContext) => {
      const session = await services.history.session(args.sessionId);
      if (!session) throw new DomainError("NOT_FOUND", `session ${args.sessionId} does not exist`);
      requireSessionReader(viewer, services, session);
      return listen(
        services,
        "conversation",
        { kind: "session", sessionId: args.sessionId },
        (event) => (event.kind === "message" ? gqlMessage(event.message) : undefined),
        viewer.agent?.id,
      );
    },
    resolve: (message: unknown) => message,
  },
  feedbackReceived: {
    subscribe: async (_: unknown, __: unknown, { viewer, services }: GraphQLContext) => {
      const own = viewer.operator ? undefined : viewer.customer?.id;
      if (!viewer.operator && !own) throw new DomainError("UNAUTHORIZED", "send a customer token or ADMIN_TOKEN");
      return listen(services, "feedbackReceived", { kind: "feedback" }, (event) =>
        event.kind === "feedback" && (!own || event.feedback.customerId === own)
          ? gqlFeedback(event.feedback)
          : undefined,
      );
    },
    resolve: (feedback: unknown) => feedback,
  },
};
