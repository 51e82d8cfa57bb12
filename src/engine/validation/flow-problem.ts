import type { Flow } from "../schema/flow-schema.ts";

/**
 * Stable codes an uploader can act on. Errors reject the upload; `UNREACHABLE_BLOCK` is the only
 * warning.
 */
export type FlowProblemCode =
  | "INVALID_JSON"
  | "INVALID_YAML"
  | "UNSUPPORTED_SCHEMA_VERSION"
  | "UNKNOWN_FIELD"
  | "MISSING_FIELD"
  | "WRONG_TYPE"
  | "INVALID_VALUE"
  | "UNKNOWN_BLOCK_TYPE"
  | "INVALID_ID"
  | "INVALID_VAR_NAME"
  | "DUPLICATE_ID"
  | "UNKNOWN_TARGET"
  | "NO_INTENTS"
  | "CYCLE_WITHOUT_WAIT"
  | "INVALID_REGEX"
  | "UNSUPPORTED_REGEX"
  | "REGEX_TOO_COMPLEX"
  | "FLOW_TOO_LARGE"
  | "HOST_NOT_ALLOWED"
  | "UNREACHABLE_BLOCK";

export interface FlowProblem {
  /** JSON pointer (RFC 6901) to the offending value, e.g. `/blocks/3/next`; `""` is the document. */
  path: string;
  code: FlowProblemCode;
  message: string;
}

export type ValidationResult =
  { ok: true; flow: Flow; warnings: FlowProblem[] } | { ok: false; errors: FlowProblem[]; warnings: FlowProblem[] };

/** Joins path segments into a JSON pointer, escaping `~` and `/` as RFC 6901 requires. */
export function toJsonPointer(segments: readonly (string | number)[]): string {
  return segments.map((segment) => `/${String(segment).replaceAll("~", "~0").replaceAll("/", "~1")}`).join("");
}
