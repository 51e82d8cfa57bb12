import { parseDeliveryStatus, parseNewWebhook } from "../webhooks/parse-webhook-input.ts";
import { requireOperator, type GraphQLContext } from "./context.ts";

type Status = "PENDING" | "DELIVERED" | "FAILED";

export const webhookQueryResolvers = {
  webhooks: async (_: unknown, __: unknown, { viewer, services }: GraphQLContext) => {
    requireOperator(viewer);
    return services.webhooks.list();
  },

  webhookDeliveries: async (
    _: unknown,
    args: { webhookId: string; status?: Status | null },
    { viewer, services }: GraphQLContext,
  ) => {
    requireOperator(viewer);
    const deliveries = await services.webhooks.deliveries(args.webhookId, parseDeliveryStatus(args.status));
    return deliveries.map((delivery) => ({ ...delivery, status: delivery.status.toUpperCase() }));
  },
};

export const webhookMutationResolvers = {
  createWebhook: async (
    _: unknown,
    args: { url: string; events: string[]; description?: string | null },
    { viewer, services }: GraphQLContext,
  ) => {
    requireOperator(viewer);
    const { description, ...rest } = args;
    return services.webhooks.add(parseNewWebhook(description == null ? rest : { ...rest, description }));
  },

  deleteWebhook: async (_: unknown, args: { id: string }, { viewer, services }: GraphQLContext) => {
    requireOperator(viewer);
    await services.webhooks.remove(args.id);
    return true;
  },

  redeliverWebhookDelivery: async (_: unknown, args: { id: string }, { viewer, services }: GraphQLContext) => {
    requireOperator(viewer);
    await services.webhooks.redeliver(args.id);
    return true;
  },
};
