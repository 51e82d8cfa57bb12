import type { IncomingMessage, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { refuseUpgrade, type UpgradeHandler } from "../../http/upgrade-router.ts";
import type { Logger } from "../../observability/logger.ts";
import type { Metrics } from "../../observability/metrics.ts";
import type { Services } from "../../resolvers/index.ts";
import type { ChatflowYoga } from "./create-yoga.ts";

export interface GraphqlTransportOptions {
  services: Services;
  logger: Logger;
  metrics: Metrics;
  /** Yoga's own permissive CORS; off when an origin allow-list answers CORS instead. */
  cors: boolean;
  connectionInitWaitTimeout: number;
  maxOperationsPerSocket: number;
}

/** GraphQL over HTTP (yoga) and over WebSocket (graphql-ws), built. */
export interface LoadedGraphql {
  yoga: ChatflowYoga;
  sockets: { handleUpgrade: UpgradeHandler; close(): void };
}

/** `/graphql` over HTTP and WebSocket, whose modules load on its first request. */
export interface GraphqlTransport {
  serve(request: IncomingMessage, response: ServerResponse): Promise<void>;
  handleUpgrade: UpgradeHandler;
  /** Closes the GraphQL sockets (once loading has finished, if it is under way). */
  close(): Promise<void>;
}

/**
 * GraphQL's modules (yoga, graphql-js, armor, graphql-ws, the resolvers) are 0.6 s of the
 * app's 1.1 s of loading here, and loading holds the event loop: they load when `/graphql`
 * is first asked for (that request and any arriving meanwhile wait for them), so a server
 * used only over `/chat` and REST never pays for them.
 */
export function lazyGraphqlTransport(
  options: GraphqlTransportOptions,
  build: (options: GraphqlTransportOptions) => Promise<LoadedGraphql> = buildGraphql,
): GraphqlTransport {
  const { logger } = options;
  let loading: Promise<LoadedGraphql> | undefined;
  const loaded = () =>
    (loading ??= build(options).catch((error: unknown) => {
      logger.error({ err: error }, "GraphQL could not be loaded; /graphql answers 503");
      throw error;
    }));

  return {
    async serve(request, response) {
      let graphql: LoadedGraphql;
      try {
        graphql = await loaded();
      } catch (error) {
        return unavailable(response, error);
      }
      await graphql.yoga(request, response);
    },
    handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer) {
      loaded().then(
        ({ sockets }) => sockets.handleUpgrade(request, socket, head),
        () => refuseUpgrade(socket, 503, "Service Unavailable"),
      );
    },
    async close() {
      const graphql = await loading?.catch(() => undefined);
      graphql?.sockets.close();
    },
  };
}

async function buildGraphql(options: GraphqlTransportOptions): Promise<LoadedGraphql> {
  const [{ createChatflowYoga }, { createGraphqlWsServer }] = await Promise.all([
    import("./create-yoga.ts"),
    import("./graphql-ws-server.ts"),
  ]);
  const { services, logger, metrics } = options;
  const yoga = createChatflowYoga(services, logger, { cors: options.cors });
  const sockets = createGraphqlWsServer({
    yoga,
    logger,
    metrics,
    connectionInitWaitTimeout: options.connectionInitWaitTimeout,
    maxOperationsPerSocket: options.maxOperationsPerSocket,
  });
  return { yoga, sockets };
}

function unavailable(response: ServerResponse, error: unknown): void {
  const message = `GraphQL is unavailable on this server: ${error instanceof Error ? error.message : String(error)}`;
  const body = JSON.stringify({ errors: [{ message, extensions: { code: "UNAVAILABLE" } }] });
  response.writeHead(503, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  response.end(body);
}
