import { maxDepthRule } from "@escape.tech/graphql-armor-max-depth";
import type { ValidationRule } from "graphql";
import { createGraphQLError, type Plugin } from "graphql-yoga";
import { bearerToken, isOperatorToken } from "../../http/operator-auth.ts";

/**
 * How deep an introspection query may go, fragments flattened: GraphiQL's own schema query
 * needs 15 (`__schema → types → fields → type` and the nine `ofType` levels of its TypeRef).
 * Ordinary fields keep GraphQL Armor's depth of 8, which does not look inside `__schema`.
 */
export const MAX_INTROSPECTION_DEPTH = 15;

/** What yoga's validation hook sees of the request: HTTP headers, or graphql-ws `connectionParams`. */
interface InitialContext {
  request?: Request;
  connectionParams?: Record<string, unknown>;
}

/**
 * Introspection is counted and, while `ADMIN_TOKEN` is set, an operator's alone: a caller
 * without it (anonymous or a customer) gets no `__schema` or `__type`, so the schema's shape
 * costs it nothing to ask and tells it nothing. `__typename` stays, counted by the alias limit.
 * Each rule is a named function: yoga's validation cache keys its results by the rules' names.
 */
export function useIntrospectionPolicy(adminToken: string | undefined): Plugin {
  return {
    onValidate({ addValidationRule, context }) {
      addValidationRule(introspectionDepth);
      const initial = context as InitialContext;
      const header = initial.request?.headers.get("authorization") ?? initial.connectionParams?.["authorization"];
      const token = bearerToken(typeof header === "string" ? header : undefined);
      if (!isOperatorToken(token, adminToken)) addValidationRule(noIntrospectionForCallers);
    },
  };
}

const countIntrospectionDepth = maxDepthRule({
  n: MAX_INTROSPECTION_DEPTH,
  ignoreIntrospection: false,
  flattenFragments: true,
});

const introspectionDepth: ValidationRule = function introspectionDepth(context) {
  return countIntrospectionDepth(context);
};

const noIntrospectionForCallers: ValidationRule = function noIntrospectionForCallers(context) {
  return {
    Field(node) {
      if (node.name.value !== "__schema" && node.name.value !== "__type") return;
      context.reportError(
        createGraphQLError(
          `introspection (${node.name.value}) is for operators: send Authorization: Bearer <ADMIN_TOKEN>`,
          {
            nodes: [node],
            extensions: { code: "FORBIDDEN" },
          },
        ),
      );
    },
  };
};
