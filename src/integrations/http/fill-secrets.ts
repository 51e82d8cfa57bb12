import type { JsonValue, RenderedJson, SecretText } from "../../engine/index.ts";

/** What stands where an answer echoed a secret's value. */
export const REDACTED = "[redacted]";

/** Secret values by name: `FLOW_SECRET_<name>`. */
export type Secrets = ReadonlyMap<string, string>;

/** Thrown by `fillText` and caught by the caller: a secret the flow names is not configured. */
export class MissingSecret extends Error {
  readonly secret: string;

  constructor(secret: string) {
    super(`FLOW_SECRET_${secret} is not set`);
    this.secret = secret;
  }
}

/**
 * The text to send, with each secret's value in place (through `encode`, so a secret in a URL is
 * percent-encoded like any value). Every secret used is added to `used`, to redact the answer.
 */
export function fillText(
  text: SecretText,
  secrets: Secrets,
  used: Set<string>,
  encode: (value: string) => string = (value) => value,
): string {
  return text
    .map((part) => {
      if (typeof part === "string") return part;
      const value = secrets.get(part.secret);
      if (value === undefined) throw new MissingSecret(part.secret);
      // Both forms: an answer that echoes the URL echoes the percent-encoded one.
      used.add(value).add(encode(value));
      return encode(value);
    })
    .join("");
}

/** The JSON body to send. */
export function fillBody(body: RenderedJson, secrets: Secrets, used: Set<string>): JsonValue {
  switch (body.kind) {
    case "text":
      return fillText(body.text, secrets, used);
    case "literal":
      return body.value;
    case "array":
      return body.items.map((item) => fillBody(item, secrets, used));
    case "object":
      return Object.fromEntries(body.fields.map(([key, value]) => [key, fillBody(value, secrets, used)]));
  }
}

/**
 * Text safe to keep: every secret value replaced by `[redacted]`, and U+0000 and lone
 * surrogates (which the database cannot store) by U+FFFD.
 */
function cleanText(text: string, secretValues: readonly string[]): string {
  let clean = text.replaceAll("\u0000", "\uFFFD").toWellFormed();
  for (const value of secretValues) clean = clean.replaceAll(value, REDACTED);
  return clean;
}

/** The answer as the engine may see it: no secret values, nothing the database refuses. */
export function cleanAnswer(value: JsonValue, secretValues: readonly string[]): JsonValue {
  if (typeof value === "string") return cleanText(value, secretValues);
  if (Array.isArray(value)) return value.map((item) => cleanAnswer(item, secretValues));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [cleanText(key, secretValues), cleanAnswer(item, secretValues)]),
    );
  }
  return value;
}

/** How deeply a JSON value nests, counted without recursion (a hostile answer may nest deeply). */
export function nestingDepth(value: JsonValue): number {
  let deepest = 0;
  const stack: [JsonValue, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    deepest = Math.max(deepest, depth);
    if (typeof item === "object" && item !== null) {
      for (const child of Array.isArray(item) ? item : Object.values(item)) stack.push([child, depth + 1]);
    }
  }
  return deepest;
}
