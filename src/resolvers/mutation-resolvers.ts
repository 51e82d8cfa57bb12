import { DomainError, rateLimited } from "../domain-error.ts";
import { requireCustomerOrOperator, requireOperator, type GraphQLContext } from "./context.ts";
import { parseSendArgs, parseStartArgs } from "./parse-args.ts";
import { gqlMessage } from "./present.ts";

export const mutationResolvers = {
  startConversation: async (
    _: unknown,
    rawArgs: { customerId?: string | null; name?: string | null; customerIdSignature?: string | null },
    { viewer, services, address }: GraphQLContext,
  ) => {
    const args = parseStartArgs(rawArgs);
    const customerId = args.customerId ?? viewer.customer?.id;
    const opened = await services.chat.connect({
      customerId,
      token: viewer.token,
      customerIdSignature: args.customerIdSignature ?? undefined,
      name: args.name ?? undefined,
      address,
    });
    return {
      ...opened.session,
      customerToken: opened.customerToken ?? viewer.token,
      messages: opened.messages.map(gqlMessage),
      waitingAt: opened.end.type === "waiting" ? opened.end.blockId : null,
      options: (opened.end.type === "waiting" ? opened.end.options : undefined) ?? null,
    };
  },

  sendMessage: async (
    _: unknown,
    rawArgs: { sessionId: string; text: string; clientMsgId?: string | null },
    { viewer, services, address }: GraphQLContext,
  ) => {
    const session = await services.history.session(rawArgs.sessionId);
    if (!session) throw new DomainError("NOT_FOUND", `session ${rawArgs.sessionId} does not exist`);
    requireCustomerOrOperator(viewer, session.customerId);
    if (!services.messageLimiter.tryTake(session.customerId)) {
      throw rateLimited(
        "too many messages: this one was not processed; slow down",
        services.messageLimiter.retryAfterSeconds(session.customerId),
      );
    }
    const args = parseSendArgs(rawArgs);
    const started = performance.now();
    const report = await services.chat.sendMessage({
      sessionId: args.sessionId,
      customerId: session.customerId,
      address,
      text: args.text,
      clientMsgId: args.clientMsgId ?? undefined,
    });
    services.recordTurn(report.end.type, (performance.now() - started) / 1000);
    return [report.receipt, ...report.botMessages].map(gqlMessage);
  },

  uploadFlow: async (_: unknown, args: { definition: unknown }, { viewer, services }: GraphQLContext) => {
    requireOperator(viewer);
    const upload = await services.flows.uploadDocument(args.definition);
    if (!upload.ok)
      return { ok: false, version: null, checksum: null, warnings: upload.warnings, errors: upload.errors };
    return {
      ok: true,
      version: upload.version.version,
      checksum: upload.version.checksum,
      warnings: upload.warnings,
      errors: [],
    };
  },

  activateFlowVersion: async (_: unknown, args: { version: number }, { viewer, services }: GraphQLContext) => {
    requireOperator(viewer);
    if (!(await services.flows.activate(args.version))) {
      throw new DomainError("NOT_FOUND", `flow version ${args.version} does not exist`);
    }
    const stored = (await services.store.findFlowVersion(args.version))!;
    return { ...stored, active: true };
  },
};
