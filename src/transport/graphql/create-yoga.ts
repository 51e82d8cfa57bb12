import fs from "node:fs";
import path from "node:path";
import { EnvelopArmorPlugin } from "@escape.tech/graphql-armor";
import { GraphQLError } from "graphql";
import { createSchema, createYoga, maskError, type YogaServerInstance } from "graphql-yoga";
import { DomainError, HTTP_STATUS } from "../../domain-error.ts";
import { bearerToken } from "../../http/operator-auth.ts";
import type { Logger } from "../../observability/logger.ts";
import { MAX_BODY_BYTES } from "../../rest/read-body.ts";
import { resolvers, type GraphQLContext, type Services } from "../../resolvers/index.ts";
import { resolveViewer } from "../../resolvers/context.ts";
import { useJsonErrorBodies } from "./use-json-error-bodies.ts";

const SDL_PATH = path.resolve(import.meta.dirname, "../../schema/schema.graphql");

/** What yoga's context factory receives, over HTTP or from the graphql-ws adapter. */
interface ServerContext {
  request?: Request;
  connectionParams?: Record<string, unknown>;
}

export type ChatflowYoga = YogaServerInstance<ServerContext, GraphQLContext>;

export interface YogaOptions {
  /** Yoga's own permissive CORS; off when an origin allow-list answers CORS instead. @default true */
  cors?: boolean;
}

/** graphql-yoga at `/graphql` with GraphiQL, the SPEC §6 schema, and armor against costly queries. */
export function createChatflowYoga(services: Services, logger: Logger, options: YogaOptions = {}): ChatflowYoga {
  return createYoga<ServerContext, GraphQLContext>({
    ...(options.cors === false ? { cors: false } : {}),
    schema: createSchema<GraphQLContext>({ typeDefs: fs.readFileSync(SDL_PATH, "utf8"), resolvers }),
    graphqlEndpoint: "/graphql",
    // The REST limit: uploadFlow carries the same documents as POST /config (yoga's own is 25 MB).
    maxRequestBodySize: MAX_BODY_BYTES,
    landingPage: false,
    graphiql: { title: "chatflow", subscriptionsProtocol: "WS" },
    // The bundled GraphiQL: yoga's default page loads its scripts from a CDN, which a
    // self-hosted server without internet access (or a strict CSP) cannot reach. Its bundle is
    // a third of a second of a start, so it loads when a browser first asks for the page.
    renderGraphiQL: async (graphiqlOptions) =>
      (await import("@graphql-yoga/render-graphiql")).renderGraphiQL(graphiqlOptions),
    logging: false,
    context: async ({ request, connectionParams }) => {
      const header = request?.headers.get("authorization") ?? connectionParams?.["authorization"];
      return {
        services,
        viewer: await resolveViewer(services, bearerToken(typeof header === "string" ? header : undefined)),
      };
    },
    maskedErrors: {
      maskError: (error, message, isDev) => {
        const original = rootCause(error);
        if (original instanceof DomainError) {
          return new GraphQLError(original.message, {
            extensions: { code: original.code, http: { status: HTTP_STATUS[original.code] } },
          });
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
      useJsonErrorBodies(),
      EnvelopArmorPlugin({
        maxDepth: { n: 8 },
        maxAliases: { n: 15 },
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
