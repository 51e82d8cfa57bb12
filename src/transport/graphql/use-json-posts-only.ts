import { createGraphQLError, type Plugin } from "graphql-yoga";

/** The media types a GraphQL POST may carry: none of them can be sent by a form or a `no-cors` fetch. */
const JSON_TYPES = new Set(["application/json", "application/graphql+json", "application/graphql-response+json"]);

/**
 * GraphQL over HTTP takes a POST only as JSON. Yoga also reads form-encoded, multipart and
 * `application/graphql` bodies; the first two are what a page on another site can send without
 * a preflight (a plain `<form>`), so a mutation could run before CORS had a say. GET keeps
 * working for queries; yoga itself refuses a mutation over GET.
 */
export function useJsonPostsOnly(): Plugin {
  return {
    onRequestParse({ request, setRequestParser }) {
      if (request.method !== "POST") return;
      const mediaType = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
      if (!JSON_TYPES.has(mediaType)) {
        setRequestParser(() => {
          throw createGraphQLError(
            `a GraphQL POST must be sent as application/json, not ${mediaType || "without a Content-Type"}`,
            { extensions: { code: "UNSUPPORTED_MEDIA_TYPE", http: { status: 415 } } },
          );
        });
      } else if (mediaType === "application/graphql-response+json") {
        // Yoga's own JSON parser knows only the other two names.
        setRequestParser(parseJsonBody);
      }
    },
  };
}

async function parseJsonBody(request: Request): Promise<never> {
  const body: unknown = await request.json().catch(() => undefined);
  if (typeof body !== "object" || body === null) {
    throw createGraphQLError("the POST body must be a JSON object", {
      extensions: { code: "BAD_REQUEST", http: { status: 400 } },
    });
  }
  return body as never;
}
