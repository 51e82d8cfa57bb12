import fs from "node:fs";
import type { IncomingMessage } from "node:http";
import path from "node:path";
import { EnvelopArmorPlugin } from "@escape.tech/graphql-armor";
import { GraphQLError } from "graphql";
import { createSchema, createYoga, maskError, type YogaServerInstance } from "graphql-yoga";
import { DomainError, HTTP_STATUS, retryAfterHeader } from "../../domain-error.ts";
import type { ClientAddress } from "../../http/client-address.ts";
import { bearerToken, WWW_AUTHENTICATE } from "../../http/operator-auth.ts";
import type { Logger } from "../../observability/logger.ts";
import { MAX_BODY_BYTES } from "../../rest/read-body.ts";
import { resolvers, type GraphQLContext, type Services } from "../../resolvers/index.ts";
import { resolveViewer } from "../../resolvers/context.ts";
import { GRAPHIQL_DEFAULT_QUERY } from "./graphiql-welcome.ts";
import { useIntrospectionPolicy } from "./use-introspection-policy.ts";
import { useJsonPostsOnly } from "./use-json-posts-only.ts";
import { useJsonErrorBodies } from "./use-json-error-bodies.ts";

const SDL_PATH = path.resolve(import.meta.dirname, "../../schema/schema.graphql");

/** What yoga's context factory receives, over HTTP or from the graphql-ws adapter. */
interface ServerContext {
  request?: Request;
  /** The Node request: restify's over HTTP, the upgrade's over graphql-ws. */
  req?: IncomingMessage;
  connectionParams?: Record<string, unknown>;
}

export type ChatflowYoga = YogaServerInstance<ServerContext, GraphQLContext>;

export interface YogaOptions {
  /** The address creating customers and sessions, and failed authentications, are counted against. @default the TCP peer's */
  clientAddress?: ClientAddress;
}

/** graphql-yoga at `/graphql` with GraphiQL, the schema of docs/PROTOCOL.md (GraphQL), and armor against costly queries. */
export function createChatflowYoga(services: Services, logger: Logger, options: YogaOptions = {}): ChatflowYoga {
  const clientAddress =
    options.clientAddress ?? ((request: IncomingMessage) => request.socket.remoteAddress ?? "unknown");
  return createYoga<ServerContext, GraphQLContext>({
    // CORS is answered by the origin check in front of every route, for ALLOWED_ORIGINS only.
    cors: false,
    // File uploads are not part of the schema, and a multipart POST needs no preflight.
    multipart: false,
    schema: createSchema<GraphQLContext>({ typeDefs: fs.readFileSync(SDL_PATH, "utf8"), resolvers }),
    graphqlEndpoint: "/graphql",
    // The REST limit: uploadFlow carries the same documents as POST /config (yoga's own is 25 MB).
    maxRequestBodySize: MAX_BODY_BYTES,
    landingPage: false,
    graphiql: { title: "chatflow", subscriptionsProtocol: "WS", defaultQuery: GRAPHIQL_DEFAULT_QUERY },
    // The bundled GraphiQL: yoga's default page loads its scripts from a CDN, which a
    // self-hosted server without internet access (or a strict CSP) cannot reach. Its bundle is
    // a third of a second of a start, so it loads when a browser first asks for the page.
    renderGraphiQL: async (graphiqlOptions) =>
      (await import("@graphql-yoga/render-graphiql")).renderGraphiQL(graphiqlOptions),
    logging: false,
    context: async ({ request, req, connectionParams }) => {
      const header = request?.headers.get("authorization") ?? connectionParams?.["authorization"];
      const token = bearerToken(typeof header === "string" ? header : undefined);
      const address = req ? clientAddress(req) : "unknown";
      return { services, viewer: await resolveViewer(services, token, address), address };
    },
    maskedErrors: {
      maskError: (error, message, isDev) => {
        const original = rootCause(error);
        if (original instanceof DomainError) {
          const status = HTTP_STATUS[original.code];
          // Every 401 names the scheme to answer with, as HTTP asks.
          const headers = status === 401 ? { "WWW-Authenticate": WWW_AUTHENTICATE } : retryAfterHeader(original);
          const http = Object.keys(headers).length > 0 ? { status, headers } : { status };
          return new GraphQLError(original.message, { extensions: { code: original.code, http } });
        }
        if (original === error && isGraphQLErrorLike(error)) return error as GraphQLError;
        // A client's mistake (a variable of the wrong type, out of its scalar's range): the
        // answer says what was wrong; the log needs no stack.
        if (isGraphQLErrorLike(original)) {
          logger.info({ reason: (original as Error).message }, "GraphQL request refused");
          return maskError(error, message, isDev);
        }
        logger.error({ err: original }, "GraphQL resolver failed");
        return maskError(error, message, isDev);
      },
    },
    plugins: [
      useJsonPostsOnly(),
      useIntrospectionPolicy(services.adminToken),
      useJsonErrorBodies(),
      EnvelopArmorPlugin({
        maxDepth: { n: 8 },
        // Armor lets any number of `__typename` aliases through by default: a hundred of them
        // cost as much as a hundred fields.
        maxAliases: { n: 15, allowList: [] },
        maxTokens: { n: 2000 },
        costLimit: { maxCost: 5000 },
        maxDirectives: { n: 20 },
      }),
    ],
  });
}

/** Executors wrap a resolver's error in one GraphQLError or more; the domain error is inside. */
// Duck-typed: graphql's CJS and ESM builds may both be loaded (a dual-package hazard under
// test runners), and then `instanceof GraphQLError` fails for errors made by the other copy.
function rootCause(error: unknown): unknown {
  let current = error;
  while (hasOriginalError(current)) current = current.originalError;
  return current;
}

function hasOriginalError(value: unknown): value is { originalError: unknown } {
  return typeof value === "object" && value !== null && "originalError" in value && value.originalError != null;
}

function isGraphQLErrorLike(value: unknown): boolean {
  return typeof value === "object" && value !== null && (value as Error).name === "GraphQLError";
}
