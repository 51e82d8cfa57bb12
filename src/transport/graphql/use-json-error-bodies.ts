import type { Plugin } from "graphql-yoga";

/**
 * Yoga refuses a body of a type it cannot read (`text/plain`, `application/xml`) with a bare
 * `415`: this gives that answer, and any other bodiless error, the JSON every error has.
 */
export function useJsonErrorBodies(): Plugin {
  return {
    onResponse(payload) {
      const { response, fetchAPI } = payload;
      if (response.status < 400 || response.body !== null) return;
      const unsupported = response.status === 415;
      const body = JSON.stringify({
        error: unsupported ? "UNSUPPORTED_MEDIA_TYPE" : "BAD_REQUEST",
        message: unsupported
          ? "send GraphQL as application/json (or application/graphql-response+json)"
          : response.statusText || `refused with ${response.status}`,
      });
      const headers = new fetchAPI.Headers(response.headers);
      headers.set("content-type", "application/json");
      headers.set("content-length", String(Buffer.byteLength(body)));
      payload.setResponse(new fetchAPI.Response(body, { status: response.status, headers }));
    },
  };
}
