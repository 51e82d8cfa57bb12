import { z } from "zod";
import { PLACEHOLDER, replacePlaceholders, SECRET_PREFIX } from "../runtime/renderTemplate.ts";
import { blockIdSchema, varNameSchema } from "./common-schemas.ts";

/** @default 5000 */
export const DEFAULT_HTTP_TIMEOUT_MS = 5000;
/** The longest an `http` block may wait: a customer is waiting for the turn. */
export const MAX_HTTP_TIMEOUT_MS = 30_000;

/** Methods that may carry a JSON body. */
export const BODY_METHODS: ReadonlySet<string> = new Set(["POST", "PUT", "PATCH"]);

/** A secret's name: `{{secret.SHOP_TOKEN}}` reads `FLOW_SECRET_SHOP_TOKEN`. */
const SECRET_NAME = /^[A-Za-z0-9_]+$/;

/** An HTTP header name (RFC 9110 token). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

// The caller sets these itself: a flow that set them could smuggle a second request or reach
// another virtual host on an allowed address.
const RESERVED_HEADERS = new Set([
  "host",
  "content-length",
  "transfer-encoding",
  "connection",
  "keep-alive",
  "upgrade",
  "te",
  "trailer",
  "expect",
  "proxy-authorization",
  "proxy-connection",
]);

/** `""` (the whole answer) or `/`-separated reference tokens, with `~0` and `~1` escapes (RFC 6901). */
const JSON_POINTER = /^(?:\/(?:[^~]|~[01])*)*$/;

/**
 * Splits a URL template into its origin (scheme, host and port, which must be written out so
 * the host can be checked at upload) and the rest (path, query and fragment, which may be
 * templated). `null` when it does not start with `scheme://`.
 */
export function splitUrlTemplate(url: string): { origin: string; rest: string } | null {
  // `(.*)` with the `s` flag runs to the end: no `$` needed.
  const match = /^([A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*)(.*)/s.exec(url);
  // Stryker disable next-line StringLiteral: both groups take part in every match, so `?? ""` never applies
  return match ? { origin: match[1] ?? "", rest: match[2] ?? "" } : null;
}

/** Why a URL template cannot be used, or `null`. */
export function checkUrlTemplate(url: string): string | null {
  const parts = splitUrlTemplate(url);
  if (parts === null) return "must start with http:// or https://";
  if (parts.origin.includes("{{")) return "must write out its scheme, host and port, not template them";
  if (/[\s\0]/.test(url)) return "must not contain spaces or control characters (percent-encode them)";
  // Stryker disable next-line StringLiteral: placeholders are only in the path, query and fragment, where "" parses as well as "x"
  const filled = replacePlaceholders(url, "x");
  if (!URL.canParse(filled)) return "is not a valid URL";
  const parsed = new URL(filled);
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return "must start with http:// or https://";
  if (parsed.username !== "" || parsed.password !== "") return "must not hold a user name or password (use headers)";
  return null;
}

/** The secret names a template refers to that are not valid, e.g. `{{secret.a.b}}`. */
function badSecretNames(template: string): string[] {
  // Stryker disable next-line StringLiteral: the name's group takes part in every match, so `?? ""` never applies
  const names = [...template.matchAll(PLACEHOLDER)].map((match) => match[1] ?? "");
  return names.filter((name) => name.startsWith(SECRET_PREFIX) && !SECRET_NAME.test(name.slice(SECRET_PREFIX.length)));
}

/** Every string in a JSON value, for checks on templates. */
function stringsIn(value: unknown): string[] {
  if (typeof value === "string") return [value];
  // An array's values are its items.
  if (typeof value === "object" && value !== null) return Object.values(value).flatMap(stringsIn);
  // Stryker disable next-line ArrayDeclaration: a string without a placeholder names no bad secret either
  return [];
}

export const httpBlockSchema = z
  .strictObject({
    id: blockIdSchema,
    type: z.literal("http"),
    method: z.enum(["GET", "POST", "PUT", "PATCH", "DELETE"]).optional().describe("@default GET"),
    url: z
      .string()
      .min(1)
      .describe(
        "http:// or https:// URL whose host is in HTTP_BLOCK_ALLOWED_HOSTS; the path and query may be templated (each value is percent-encoded as one component), the scheme, host and port may not.",
      ),
    headers: z
      .record(z.string(), z.string())
      .optional()
      .describe("Header values are templated; `{{secret.NAME}}` reads FLOW_SECRET_NAME."),
    body: z.json().optional().describe("JSON sent with POST, PUT and PATCH; string leaves are templated."),
    timeoutMs: z.int().min(1).max(MAX_HTTP_TIMEOUT_MS).optional().describe("@default 5000"),
    saveAs: varNameSchema.optional().describe("Variable that stores the JSON answer."),
    extract: z
      .record(varNameSchema, z.string())
      .optional()
      .describe("Variables set from JSON pointers (RFC 6901) into the answer, e.g. `{ orderStatus: /status }`."),
    next: blockIdSchema.optional().describe("The block that runs after a successful call; none ends the conversation."),
    onError: blockIdSchema
      .optional()
      .describe("Where to go when the call fails (status, time-out, host). @default the conversation ends"),
  })
  .superRefine((block, ctx) => {
    // Stryker disable next-line StringLiteral: describeSchemaIssues words any unknown code like "custom"
    const problem = (path: (string | number)[], message: string) => ctx.addIssue({ code: "custom", path, message });
    const urlProblem = checkUrlTemplate(block.url);
    if (urlProblem !== null) problem(["url"], `the url ${urlProblem}`);
    for (const [name, value] of Object.entries(block.headers ?? {})) {
      if (!HEADER_NAME.test(name)) problem(["headers", name], "is not a valid header name");
      else if (RESERVED_HEADERS.has(name.toLowerCase())) problem(["headers", name], "is set by the server");
      if (/[\r\n\0]/.test(value)) problem(["headers", name], "must not contain line breaks");
    }
    // Stryker disable next-line StringLiteral: "" is no body method either, like the default GET
    if (block.body !== undefined && !BODY_METHODS.has(block.method ?? "GET")) {
      problem(["body"], "is only sent with POST, PUT or PATCH");
    }
    for (const [name, pointer] of Object.entries(block.extract ?? {})) {
      if (!JSON_POINTER.test(pointer))
        problem(["extract", name], `"${pointer}" is not a JSON pointer (like /items/0/name)`);
    }
    const templates = [block.url, ...Object.values(block.headers ?? {}), ...stringsIn(block.body)];
    for (const name of templates.flatMap(badSecretNames)) {
      problem([], `{{${name}}} is not a secret name (letters, digits and "_")`);
    }
  });

export type HttpBlock = z.infer<typeof httpBlockSchema>;
