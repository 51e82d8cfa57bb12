import type { SqlQueryable } from "@prisma/driver-adapter-utils";
import type { PrismaClient } from "./generated/client.ts";
import * as admission from "./admission-queries.ts";
import * as analytics from "./analytics-queries.ts";
import * as customers from "./customer-queries.ts";
import * as feedback from "./feedback-queries.ts";
import * as flows from "./flow-queries.ts";
import * as handoffs from "./handoff-queries.ts";
import * as history from "./history-queries.ts";
import * as operators from "./operator-queries.ts";
import * as replay from "./replay-queries.ts";
import * as sessions from "./session-queries.ts";
import * as webhooks from "./webhook-queries.ts";
import * as deliveries from "./delivery-queries.ts";
import * as timers from "./timer-queries.ts";
import * as unmatched from "./unmatched-queries.ts";
import type { TurnWrite } from "./turn-writes.ts";
import { GroupCommitter, type GroupCommitOptions } from "./group-commit.ts";

/** Every query the product makes, bound to one Prisma client: the only door to the database. */
export type Store = ReturnType<typeof createStore>;

export function createStore(
  database: { prisma: PrismaClient; driver: SqlQueryable },
  options: GroupCommitOptions = {},
) {
  const { prisma } = database;
  const committer = new GroupCommitter(database, options);
  const bind =
    <A extends unknown[], R>(query: (client: PrismaClient, ...args: A) => R) =>
    (...args: A): R =>
      query(prisma, ...args);
  return {
    ping: async (): Promise<void> => {
      await prisma.$queryRaw`SELECT 1`;
    },
    findCustomer: bind(customers.findCustomer),
    findCustomerByTokenHash: bind(customers.findCustomerByTokenHash),
    createCustomer: bind(customers.createCustomer),
    findReturningCustomers: bind(admission.findReturningCustomers),
    createCustomers: bind(admission.createCustomers),
    renameCustomer: bind(customers.renameCustomer),
    updateCustomerTokenHash: bind(customers.updateCustomerTokenHash),
    insertFlowVersion: bind(flows.insertFlowVersion),
    findActiveFlowVersion: bind(flows.findActiveFlowVersion),
    findFlowVersion: bind(flows.findFlowVersion),
    listFlowVersions: bind(flows.listFlowVersions),
    activateFlowVersion: bind(flows.activateFlowVersion),
    findActiveFlowVersionNumber: bind(flows.findActiveFlowVersionNumber),
    findSession: bind(sessions.findSession),
    findActiveSession: bind(sessions.findActiveSession),
    findMessageByClientId: bind(sessions.findMessageByClientId),
    listRecentSessionMessages: bind(sessions.listRecentSessionMessages),
    listSessionSteps: bind(sessions.listSessionSteps),
    listCustomerMessages: bind(history.listCustomerMessages),
    claimHandoff: bind(handoffs.claimHandoff),
    listHandoffs: bind(handoffs.listHandoffs),
    insertOperatorMessage: bind(handoffs.insertOperatorMessage),
    requeueOperatorSessions: bind(handoffs.requeueOperatorSessions),
    rearmQueuedTimer: bind(handoffs.rearmQueuedTimer),
    createOperator: bind(operators.createOperator),
    listOperators: bind(operators.listOperators),
    deleteOperator: bind(operators.deleteOperator),
    findOperatorByTokenHash: bind(operators.findOperatorByTokenHash),
    claimDueTimers: bind(timers.claimDueTimers),
    nextTimerCheck: bind(timers.nextTimerCheck),
    countAnalytics: bind(analytics.countAnalytics),
    listNewestSessionIds: bind(replay.listNewestSessionIds),
    loadReplaySessions: bind(replay.loadReplaySessions),
    selectUnmatchedLines: bind(unmatched.selectUnmatchedLines),
    listFeedback: bind(feedback.listFeedback),
    summarizeFeedback: bind(feedback.summarizeFeedback),
    createWebhook: bind(webhooks.createWebhook),
    listWebhooks: bind(webhooks.listWebhooks),
    findWebhook: bind(webhooks.findWebhook),
    deleteWebhook: bind(webhooks.deleteWebhook),
    listDeliveries: bind(webhooks.listDeliveries),
    redeliver: bind(webhooks.redeliver),
    claimDeliveries: bind(deliveries.claimDeliveries),
    settleDelivery: bind(deliveries.settleDelivery),
    releaseDelivery: bind(deliveries.releaseDelivery),
    nextDeliveryDue: bind(deliveries.nextDeliveryDue),
    countPendingDeliveries: bind(deliveries.countPendingDeliveries),
    /** Resolves once the turn is committed (grouped with others that arrive meanwhile; greetings after turns). */
    commitTurn: (write: TurnWrite, lane?: "turn" | "greeting") => committer.commit(write, lane),
  };
}
