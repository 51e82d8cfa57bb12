import type { JsonValue } from "../types.ts";

/**
 * The value a JSON pointer (RFC 6901) names in `document`, or `undefined` when there is none.
 * `""` is the whole document; `~1` stands for `/` and `~0` for `~`; an array index is digits
 * without a leading zero (`-`, the element after the last, names nothing).
 */
export function readJsonPointer(document: JsonValue, pointer: string): JsonValue | undefined {
  if (pointer === "") return document;
  if (!pointer.startsWith("/")) return undefined;
  let value: JsonValue | undefined = document;
  for (const token of pointer.slice(1).split("/")) {
    const key = token.replaceAll("~1", "/").replaceAll("~0", "~");
    if (Array.isArray(value)) {
      value = /^(0|[1-9][0-9]*)$/.test(key) ? value[Number(key)] : undefined;
    } else if (typeof value === "object" && value !== null && Object.hasOwn(value, key)) {
      value = value[key];
    } else {
      return undefined;
    }
  }
  return value;
}
