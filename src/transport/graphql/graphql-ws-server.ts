import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { DocumentNode, ExecutionArgs, GraphQLError, GraphQLSchema } from "graphql";
import { createGraphQLError } from "graphql-yoga";
import { useServer } from "graphql-ws/use/ws";
import { WebSocketServer } from "ws";
import { DomainError, type ErrorCode } from "../../domain-error.ts";
import type { UpgradeHandler } from "../../http/upgrade-router.ts";
import type { Logger } from "../../observability/logger.ts";
import type { Metrics } from "../../observability/metrics.ts";
import type { ChatflowYoga } from "./create-yoga.ts";

export interface GraphqlWsOptions {
  yoga: ChatflowYoga;
  logger: Logger;
  metrics: Metrics;
  /** @default 65536 */
  maxPayload?: number;
  /** Time a client has to send `connection_init`. @default 5000 */
  connectionInitWaitTimeout?: number;
  /** Operations (in practice subscriptions) one connection may run at once; 0: no cap. @default 20 */
  maxOperationsPerSocket?: number;
}

type EnvelopedRoot = { execute: (args: ExecutionArgs) => unknown; subscribe: (args: ExecutionArgs) => unknown };

/** The parts of yoga's envelop that graphql-ws needs (yoga types them loosely). */
interface Enveloped extends EnvelopedRoot {
  schema: GraphQLSchema;
  contextFactory: () => Promise<unknown>;
  parse: (source: string) => DocumentNode;
  validate: (schema: GraphQLSchema, document: DocumentNode) => readonly GraphQLError[];
}

/** graphql-ws on `/graphql`: every operation runs through yoga's envelop, armor included. */
export function createGraphqlWsServer(options: GraphqlWsOptions): { handleUpgrade: UpgradeHandler; close(): void } {
  const { yoga, logger, metrics } = options;
  const maxOperations = options.maxOperationsPerSocket ?? 20;
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxPayload ?? 65_536 });
  wss.on("error", (error) => logger.warn({ err: error }, "graphql-ws server error"));
  wss.on("connection", (socket) => {
    socket.on("error", (error) => logger.warn({ err: error }, "graphql-ws socket error"));
    metrics.connections.inc({ transport: "graphql-ws" });
    socket.on("close", () => metrics.connections.dec({ transport: "graphql-ws" }));
  });

  useServer(
    {
      connectionInitWaitTimeout: options.connectionInitWaitTimeout ?? 5000,
      // The token in `connectionParams` is checked once, when the socket opens: a wrong one
      // closes it with 4401 (counted as a failed authentication), an address past its failures
      // with 4429, instead of failing every operation one by one.
      onConnect: async (ctx) => {
        try {
          const { contextFactory } = yoga.getEnveloped({
            req: ctx.extra.request,
            connectionParams: ctx.connectionParams,
          }) as Enveloped;
          await contextFactory();
          return true;
        } catch (error) {
          const code = errorCode(error);
          if (code === "INTERNAL") logger.error({ err: error }, "graphql-ws connection check failed");
          metrics.errors.inc({ code });
          const [closeCode, reason] = CONNECT_REFUSALS[code] ?? [4500, "Internal server error"];
          ctx.extra.socket.close(closeCode, reason);
          return false;
        }
      },
      execute: (args) => (args.rootValue as EnvelopedRoot).execute(args) as never,
      subscribe: (args) => (args.rootValue as EnvelopedRoot).subscribe(args) as never,
      onSubscribe: async (ctx, _id, payload) => {
        // graphql-ws has already registered this operation, so it is counted too.
        if (maxOperations > 0 && Object.keys(ctx.subscriptions).length > maxOperations) {
          metrics.errors.inc({ code: "RATE_LIMITED" });
          return [tooManyOperations(maxOperations)];
        }
        try {
          // `req`, not `request`: yoga treats a `request` as HTTP and refuses mutations over GET.
          const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
            ...ctx,
            req: ctx.extra.request,
            socket: ctx.extra.socket,
            params: payload,
          }) as Enveloped;
          const args: ExecutionArgs = {
            schema,
            operationName: payload.operationName,
            // Throws on a syntax error and on GraphQL Armor's limits (tokens, depth, aliases).
            document: parse(payload.query),
            variableValues: payload.variables,
            contextValue: await contextFactory(),
            rootValue: { execute, subscribe },
          };
          const errors = validate(args.schema, args.document);
          return errors.length ? errors : args;
        } catch (error) {
          // Thrown out of onSubscribe, graphql-ws would close the whole connection (4500) and
          // end every other subscription on it: one bad operation gets one error instead.
          return [operationError(error, logger)];
        }
      },
    },
    wss,
  );

  const handleUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit("connection", ws, request));
  };
  const close = () => {
    for (const client of wss.clients) client.close(1001, "server shutting down");
    wss.close();
  };
  return { handleUpgrade, close };
}

/** Close codes of a refused `connection_init`, in graphql-ws's 4xxx range. */
const CONNECT_REFUSALS: Partial<Record<ErrorCode, [number, string]>> = {
  UNAUTHORIZED: [4401, "Unauthorized: connectionParams.authorization is neither ADMIN_TOKEN nor a customer token"],
  RATE_LIMITED: [4429, "Too many failed authentications from this address"],
  UNAVAILABLE: [4503, "Service unavailable"],
};

/** Yoga has masked the context's domain error by then: its code is in the extensions. */
function errorCode(error: unknown): ErrorCode | "INTERNAL" {
  if (error instanceof DomainError) return error.code;
  const code = (error as { extensions?: { code?: unknown } } | undefined)?.extensions?.code;
  return typeof code === "string" && code in CONNECT_REFUSALS ? (code as ErrorCode) : "INTERNAL";
}

function operationError(error: unknown, logger: Logger): GraphQLError {
  if (error instanceof DomainError) {
    return createGraphQLError(error.message, { extensions: { code: error.code } });
  }
  if (error instanceof Error && error.name === "GraphQLError") {
    const { extensions } = error as GraphQLError;
    return createGraphQLError(error.message, { extensions: { code: "BAD_REQUEST", ...extensions } });
  }
  logger.error({ err: error }, "graphql-ws operation failed before it ran");
  return createGraphQLError("Unexpected error.", { extensions: { code: "INTERNAL" } });
}

/** Made by yoga's copy of graphql: graphql-ws checks `instanceof GraphQLError` against that copy. */
function tooManyOperations(max: number): GraphQLError {
  return createGraphQLError(`at most ${max} subscriptions at once on one connection: complete one first`, {
    extensions: { code: "RATE_LIMITED", http: { status: 429 } },
  });
}
