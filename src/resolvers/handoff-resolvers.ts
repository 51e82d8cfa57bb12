import { Repeater } from "graphql-yoga";
import type { HandoffInfo } from "../chat/chat-types.ts";
import { DomainError } from "../domain-error.ts";
import { requireHolder, type GraphQLContext } from "./context.ts";
import { parseOperatorMessageArgs, parseReleaseArgs } from "./parse-args.ts";
import { gqlHandoff, gqlMessage } from "./present.ts";

export const handoffMutationResolvers = {
  claimConversation: async (_: unknown, args: { sessionId: string }, { viewer, services }: GraphQLContext) =>
    gqlHandoff(await services.handoffs.claim(args.sessionId, requireHolder(viewer))),

  sendOperatorMessage: async (
    _: unknown,
    rawArgs: { sessionId: string; text: string; clientMsgId?: string | null },
    { viewer, services }: GraphQLContext,
  ) => {
    const by = requireHolder(viewer);
    const args = parseOperatorMessageArgs(rawArgs);
    const message = await services.handoffs.sendOperatorMessage({
      sessionId: args.sessionId,
      text: args.text,
      clientMsgId: args.clientMsgId ?? undefined,
      by,
    });
    return gqlMessage(message);
  },

  releaseConversation: async (
    _: unknown,
    rawArgs: { sessionId: string; goto?: string | null },
    { viewer, services }: GraphQLContext,
  ) => {
    const by = requireHolder(viewer);
    const args = parseReleaseArgs(rawArgs);
    return gqlHandoff(await services.chat.release({ sessionId: args.sessionId, goto: args.goto ?? undefined, by }));
  },
};

export const handoffSubscriptionResolvers = {
  handoffUpdated: {
    subscribe: (_: unknown, __: unknown, { viewer, services }: GraphQLContext) => {
      const holder = requireHolder(viewer);
      return new Repeater<ReturnType<typeof gqlHandoff>>(async (push, stop) => {
        const unsubscribe = services.bus.subscribe({ kind: "handoff" }, (event) => {
          if (event.kind === "handoff" && visible(holder.operatorId, holder.admin, event.handoff))
            void push(gqlHandoff(event.handoff));
          // A removed operator's live subscription ends with its token.
          if (event.kind === "operator-removed" && event.operatorId === holder.operatorId)
            stop(new DomainError("UNAUTHORIZED", "this operator was removed"));
        });
        services.subscriptions.inc({ subscription: "handoffUpdated" });
        await stop;
        unsubscribe();
        services.subscriptions.dec({ subscription: "handoffUpdated" });
      });
    },
    resolve: (handoff: unknown) => handoff,
  },
};

/** The queue is everyone's to see; what happens to a conversation after a claim, its holder's. */
function visible(operatorId: string | null, admin: boolean, handoff: HandoffInfo): boolean {
  return admin || handoff.status === "queued" || handoff.status === "assigned" || handoff.operatorId === operatorId;
}
