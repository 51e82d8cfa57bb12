import type { IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import type { Request, Response } from "restify";
import { AnalyticsService } from "./chat/analytics-service.ts";
import { ChatService } from "./chat/chat-service.ts";
import { FlowCatalog } from "./chat/flow-catalog.ts";
import { HandoffService } from "./chat/handoff-service.ts";
import { HistoryService } from "./chat/history-service.ts";
import { OperatorDirectory } from "./chat/operator-directory.ts";
import { TimerScheduler } from "./chat/timer-scheduler.ts";
import { UnmatchedService } from "./chat/unmatched-service.ts";
import type { Config } from "./config/env.ts";
import { describeTarget } from "./config/database-target.ts";
import { intentBlocksOf, type EnginePorts } from "./engine/index.ts";
import type { EventBus } from "./events/event-bus.ts";
import { createEventBus } from "./events/create-event-bus.ts";
import { LISTEN_BACKLOG, type BoundPort } from "./http/bind-port.ts";
import { createRestServer } from "./http/create-rest-server.ts";
import { createUpgradeRouter, refuseUpgrade, type UpgradeHandler } from "./http/upgrade-router.ts";
import { answerClientErrors } from "./http/answer-client-errors.ts";
import { capConnections, OVER_CAP_MESSAGE, refuseOverCapRequests } from "./http/connection-caps.ts";
import { createGraphiqlPage } from "./http/graphiql-page.ts";
import { createClientAddress } from "./http/client-address.ts";
import { createOriginCheck } from "./http/origin-check.ts";
import { guardUpgrade } from "./http/upgrade-guard.ts";
import { ChatRateLimiter } from "./limits/chat-rate-limiter.ts";
import { ConnectionLimiter } from "./limits/connection-limiter.ts";
import { CreationLimiter } from "./limits/creation-limiter.ts";
import { KeyedBuckets } from "./limits/keyed-buckets.ts";
import { OriginPolicy } from "./limits/origin-policy.ts";
import type { Clock } from "./limits/token-bucket.ts";
import { HostPolicy } from "./limits/host-policy.ts";
import { AuthFailures } from "./limits/auth-failures.ts";
import { installFirstFlow } from "./install-default-flow.ts";
import type { Logger } from "./observability/logger.ts";
import { createMetrics, type Metrics } from "./observability/metrics.ts";
import { mountAnalyticsRoutes } from "./rest/analytics-routes.ts";
import { mountConfigRoutes } from "./rest/config-routes.ts";
import { mountHealthRoutes } from "./rest/health-routes.ts";
import { mountIndexRoutes } from "./rest/index-routes.ts";
import { mountGet } from "./rest/mount-get.ts";
import { mountMessageRoutes } from "./rest/message-routes.ts";
import { mountOperatorRoutes } from "./rest/operator-routes.ts";
import { mountWebhookRoutes } from "./rest/webhook-routes.ts";
import { createOperatorGuard } from "./rest/operator-guard.ts";
import { applyMigrations } from "./storage/apply-migrations.ts";
import { openConfiguredDatabase } from "./storage/open-configured-database.ts";
import type { Database } from "./storage/open-database.ts";
import { servePgliteSocket } from "./storage/serve-pglite-socket.ts";
import { createStore, type Store } from "./storage/store.ts";
import { createChatSocketServer } from "./transport/chat/chat-socket-server.ts";
import { createChatflowYoga } from "./transport/graphql/create-yoga.ts";
import { createGraphqlWsServer } from "./transport/graphql/graphql-ws-server.ts";
import { createAiMetrics } from "./ai/ai-metrics.ts";
import { createAiPorts, type AiPorts } from "./ai/create-ai-ports.ts";
import { ReplayService } from "./chat/replay/replay-service.ts";
import { mountReplayRoutes } from "./rest/replay-routes.ts";
import { DeliveryWorker } from "./webhooks/delivery-worker.ts";
import { DEFAULT_RETRY_SCHEDULE } from "./webhooks/retry-schedule.ts";
import type { WebhookSender } from "./webhooks/send-webhook.ts";
import { WebhookService } from "./webhooks/webhook-service.ts";
import { createHttpCaller, type HttpCallerOptions } from "./integrations/http/call-http.ts";
import type { ResolveHost } from "./integrations/http/guarded-lookup.ts";

/** A running chatflow server. */
export interface App {
  readonly url: string;
  readonly port: number;
  readonly database: Database;
  readonly store: Store;
  readonly metrics: Metrics;
  readonly chat: ChatService;
  readonly timers: TimerScheduler;
  /** Stops accepting, lets in-flight turns finish, closes sockets with 1001 and the database. */
  stop(): Promise<void>;
}

export interface AppOverrides {
  /** The database, already being opened (start-server.ts opens it while the rest of the app loads). */
  database?: Promise<Database>;
  /** The port, already bound (start-server.ts binds it before opening any data). */
  port?: BoundPort;
  /**
   * Replaces the AI ports (tests use deterministic ones); `http` blocks still call for real.
   * Replays use their `offline` classifiers, or the ports themselves when they have none; a
   * conversation's opening is told to their `prepare`, when they have one.
   */
  ports?: Omit<EnginePorts, "callHttp"> & {
    offline?: Pick<EnginePorts, "classifyIntent" | "classifySentiment">;
    prepare?: (intentBlocks: Parameters<AiPorts["prepare"]>[0]) => unknown;
  };
  /** Resolves the host names `http` blocks call (the DNS rebinding test). @default the system resolver */
  resolveHttpHost?: ResolveHost;
  bus?: EventBus;
  /** How long new sessions trust the active flow version known here (tests lengthen it to see the bus at work). */
  activeFlowMaxAgeMs?: number;
  /** The clock of the customer and session creation limits (tests move time by hand). @default performance.now */
  limitClock?: Clock;
  /** Sends webhook requests. @default createWebhookSender() (fetch, 10 s time-out, no redirects) */
  webhookSender?: WebhookSender;
  /** The wall clock of turns and timers (tests move time by hand). @default () => new Date() */
  now?: () => Date;
}

/** The composition root: builds every part from the config and starts listening. */
export async function startApp(config: Config, logger: Logger, overrides: AppOverrides = {}): Promise<App> {
  const database = await (overrides.database ?? openConfiguredDatabase(config, logger));
  const applied = await applyMigrations(database);
  logger.info({ database: describeTarget(config.database), applied }, "database ready");
  // Read when /metrics is scraped, after the store below exists.
  const metrics = createMetrics({ pendingDeliveries: () => store.countPendingDeliveries() });
  const store = createStore(database, {
    // A second batch waits ready while the first is written (bench/README.md, Throughput).
    maxInFlight: 2,
    onDeliveriesWritten: () => deliveries.nudge(),
    onBatch: (turns, seconds) => {
      metrics.commitBatchTurns.observe(turns);
      metrics.commitSeconds.observe(seconds);
    },
    // Expected only for a repeated clientMsgId racing in, or the database going away.
    onBatchFailed: (error, turns, retried) =>
      retried
        ? logger.warn({ err: error, turns }, "group commit failed; retrying its turns one by one")
        : logger.error({ err: error, turns }, "group commit lost its connection; its turns are answered with an error"),
  });
  const deliveries = new DeliveryWorker({
    store,
    ...(overrides.webhookSender ? { send: overrides.webhookSender } : {}),
    schedule: { ...DEFAULT_RETRY_SCHEDULE, baseMs: config.webhookRetryBaseMs },
    onOutcome: (status) => metrics.webhookDeliveries.inc({ outcome: status === "pending" ? "retry" : status }),
    onError: (error) => logger.warn({ err: error }, "webhook delivery pass failed; trying again later"),
  });
  const webhooks = new WebhookService({ store, nudge: () => deliveries.nudge() });
  const studioSocket = config.pgliteSocketPort ? await servePgliteSocket(database, config.pgliteSocketPort) : undefined;
  const bus = overrides.bus ?? (await createEventBus(config, logger));
  const flows = new FlowCatalog(store, {
    bus,
    allowedHttpHosts: config.httpBlock.allowedHosts,
    ...(overrides.activeFlowMaxAgeMs !== undefined ? { activeMaxAgeMs: overrides.activeFlowMaxAgeMs } : {}),
  });
  await installFirstFlow(store, flows, config.flowFile, logger);

  // `ai` blocks answer with the conversation so far, which the chat service knows.
  const history = (sessionId: string): ReturnType<ChatService["conversationContext"]> =>
    chat.conversationContext(sessionId, 12);
  const ai = overrides.ports
    ? undefined
    : createAiPorts({
        openai: config.openai,
        history,
        logger,
        metrics: createAiMetrics(metrics.registry),
        ...(config.offlineClassifiersIdleSeconds > 0
          ? { unloadAfterIdleMs: config.offlineClassifiersIdleSeconds * 1000 }
          : {}),
      });
  const operators = new OperatorDirectory({
    store,
    bus,
    flows,
    ...(overrides.now ? { now: overrides.now } : {}),
    onTimerSet: (dueAt) => timers.nudge(dueAt),
  });
  const { limits } = config;
  const chat = new ChatService({
    store,
    flows,
    bus,
    ports: withHttp(overrides.ports ?? ai!, {
      allowedHosts: config.httpBlock.allowedHosts,
      secrets: config.httpBlock.secrets,
      ...(overrides.resolveHttpHost ? { resolve: overrides.resolveHttpHost } : {}),
      onFailure: (failure) => logger.warn(failure, "http block call failed"),
    }),
    creations: new CreationLimiter(limits, overrides.limitClock),
    customerIdSecret: config.customerIdSecret,
    ...(overrides.now ? { now: overrides.now } : {}),
    onTimerSet: (dueAt) => timers.nudge(dueAt),
    // The offline classifiers load when the first conversation opens, not at start: a server
    // nobody talks to stays lean, and the load overlaps the greeting and the customer's typing.
    // The flow's intent blocks are prepared then too, so a customer's first line does not wait
    // for its block's sentences to be embedded.
    onConversationOpening: (flow) => void (overrides.ports ?? ai)?.prepare?.(intentBlocksOf(flow)),
  });
  const timers = new TimerScheduler({
    store,
    fire: (sessionId, dueAt) => chat.fireTimer(sessionId, dueAt),
    logger,
    ...(overrides.now ? { now: overrides.now } : {}),
  });
  const historyService = new HistoryService(store);
  const clientAddress = createClientAddress(config.trustProxy);
  const authFailures = new AuthFailures(limits.authFailuresPerMinute);
  const analytics = new AnalyticsService({ store, flows });
  const aiPorts = overrides.ports ?? ai!;
  const replay = new ReplayService({ store, flows, offline: aiPorts.offline ?? aiPorts });
  // Tests that replace the AI ports have no offline model: their lines are grouped by text.
  const unmatched = new UnmatchedService({ store, flows, groupLines: ai && ((lines) => ai.groupLines(lines)) });
  const services = {
    chat,
    history: historyService,
    analytics,
    replay,
    handoffs: new HandoffService({ store, bus, ...(overrides.now ? { now: overrides.now } : {}) }),
    operators,
    webhooks,
    unmatched,
    flows,
    store,
    bus,
    adminToken: config.adminToken,
    authFailures,
    messageLimiter: new KeyedBuckets(limits.graphqlSendPerCustomer),
    recordTurn: (outcome: "waiting" | "ended", seconds: number) => {
      metrics.turns.inc({ transport: "graphql", outcome });
      metrics.turnSeconds.observe({ transport: "graphql" }, seconds);
    },
    subscriptions: metrics.subscriptions,
  };

  const origins = new OriginPolicy(config.allowedOrigins);
  const hosts = new HostPolicy(config.host, config.allowedHosts);
  const server = createRestServer(logger);
  answerClientErrors(server.server, logger);
  // Behind a proxy every connection comes from the proxy: it limits its own clients.
  const overCap = capConnections(server.server, {
    maxTotal: limits.maxHttpConnections,
    maxPerAddress: config.trustProxy ? 0 : limits.maxHttpConnectionsPerIp,
  });
  server.pre(refuseOverCapRequests(overCap));
  server.pre(createOriginCheck({ hosts, origins }));
  const guard = createOperatorGuard({ adminToken: config.adminToken, failures: authFailures, clientAddress });
  mountHealthRoutes(server, store, metrics);
  mountConfigRoutes(server, { flows, store, guard });
  mountMessageRoutes(server, { history: historyService, guard });
  mountAnalyticsRoutes(server, { analytics, unmatched, guard });
  mountReplayRoutes(server, { replay, guard });
  mountIndexRoutes(server);
  const yoga = createChatflowYoga(services, logger, { clientAddress });
  // GraphiQL is rendered by yoga once, then served from memory (see graphiql-page.ts).
  const graphiql = createGraphiqlPage(async () => {
    const page = await yoga.fetch("http://localhost/graphql", { headers: { accept: "text/html" } });
    if (!page.ok) throw new Error(`GraphiQL did not render: ${page.status}`);
    return page.text();
  });
  mountOperatorRoutes(server, { operators, guard });
  mountWebhookRoutes(server, { webhooks, guard });
  const serveGraphql = async (request: Request, response: Response) => {
    if (await graphiql(request, response)) return;
    await yoga(request, response);
  };
  mountGet(server, "/graphql", serveGraphql);
  server.post("/graphql", serveGraphql);
  server.opts("/graphql", serveGraphql);

  const chatLimiter = new ChatRateLimiter(limits);
  const chatSockets = createChatSocketServer({
    service: chat,
    logger,
    metrics,
    gate: (request) => chatLimiter.forConnection(clientAddress(request)),
    clientAddress,
    authFailures: { failures: authFailures, clientAddress },
  });
  const graphqlSockets = createGraphqlWsServer({
    yoga,
    logger,
    metrics,
    connectionInitWaitTimeout: limits.graphqlInitTimeoutMs,
    maxOperationsPerSocket: limits.maxOperationsPerSocket,
  });
  const upgradeGuard = {
    hosts,
    origins,
    connections: new ConnectionLimiter(limits.maxConnectionsPerIp),
    clientAddress,
    onRefused: (code: "BAD_REQUEST" | "FORBIDDEN" | "RATE_LIMITED") => metrics.errors.inc({ code }),
  };
  const upgrades = new Map<string, UpgradeHandler>([
    ["/chat", guardUpgrade(chatSockets.handleUpgrade, upgradeGuard)],
    ["/graphql", guardUpgrade(graphqlSockets.handleUpgrade, upgradeGuard)],
  ]);
  const routeUpgrade = createUpgradeRouter(upgrades);
  server.server.on("upgrade", (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (!overCap(request.socket)) return routeUpgrade(request, socket, head);
    refuseUpgrade(
      socket,
      429,
      "Too Many Requests",
      JSON.stringify({ error: "RATE_LIMITED", message: OVER_CAP_MESSAGE }),
    );
  });

  const bound = overrides.port;
  await new Promise<void>((resolve, reject) => {
    server.server.once("error", reject);
    // Listening on the bound handle listens again, with Node's default queue unless told.
    if (bound) server.listen(bound.server, LISTEN_BACKLOG, () => resolve());
    else server.listen({ port: config.port, host: config.host, backlog: LISTEN_BACKLOG }, () => resolve());
  });
  bound?.handOver(server.server);
  const { port } = server.server.address() as AddressInfo;
  const url = `http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${port}`;
  deliveries.start();
  timers.start();

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      const closed = new Promise<void>((resolve) => server.server.close(() => resolve()));
      await timers.stop();
      await chat.drain();
      await deliveries.stop();
      chatSockets.close();
      graphqlSockets.close();
      server.server.closeAllConnections();
      await closed;
      await bus.close();
      await studioSocket?.stop();
      await ai?.close();
      await database.close();
    })());
  return { url, port, database, store, metrics, chat, timers, stop };
}

/** The engine's ports: the AI ones, and the real HTTP caller of `http` blocks. */
function withHttp(ai: Omit<EnginePorts, "callHttp">, options: HttpCallerOptions): EnginePorts {
  return {
    classifyIntent: (request) => ai.classifyIntent(request),
    classifySentiment: (request) => ai.classifySentiment(request),
    completeReply: (request) => ai.completeReply(request),
    callHttp: createHttpCaller(options),
  };
}
