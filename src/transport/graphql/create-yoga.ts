import fs from "node:fs";
import path from "node:path";
import { EnvelopArmorPlugin } from "@escape.tech/graphql-armor";
import { GraphQLError } from "graphql";
import { createSchema, createYoga, maskError, type YogaServerInstance } from "graphql-yoga";
import { DomainError, HTTP_STATUS } from "../../domain-error.ts";
import { bearerToken } from "../../http/operator-auth.ts";
import type { Logger } from "../../observability/logger.ts";
import { resolvers, type GraphQLContext, type Services } from "../../resolvers/index.ts";
import { resolveViewer } from "../../resolvers/context.ts";

const SDL_PATH = path.resolve(import.meta.dirname, "../../schema/schema.graphql");

/** What yoga's context factory receives, over HTTP or from the graphql-ws adapter. */
interface ServerContext {
  request?: Request;
  connectionParams?: Record<string, unknown>;
}

export type ChatflowYoga = YogaServerInstance<ServerContext, GraphQLContext>;

/** graphql-yoga at `/graphql` with GraphiQL, the SPEC §6 schema, and armor against costly queries. */
export function createChatflowYoga(services: Services, logger: Logger): ChatflowYoga {
  return createYoga<ServerContext, GraphQLContext>({
    schema: createSchema<GraphQLContext>({ typeDefs: fs.readFileSync(SDL_PATH, "utf8"), resolvers }),
    graphqlEndpoint: "/graphql",
    landingPage: false,
    graphiql: { title: "chatflow", subscriptionsProtocol: "WS" },
    logging: false,
    context: async ({ request, connectionParams }) => {
      const header = request?.headers.get("authorization") ?? connectionParams?.["authorization"];
      return { services, viewer: await resolveViewer(services, bearerToken(typeof header === "string" ? header : undefined)) };
    },
    maskedErrors: {
      maskError: (error, message, isDev) => {
        const original = error instanceof GraphQLError ? error.originalError : error;
        if (original instanceof DomainError) {
          return new GraphQLError(original.message, {
            extensions: { code: original.code, http: { status: HTTP_STATUS[original.code] } },
          });
        }
        if (error instanceof GraphQLError && !error.originalError) return error;
        logger.error({ err: original }, "GraphQL resolver failed");
        return maskError(error, message, isDev);
      },
    },
    plugins: [
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
