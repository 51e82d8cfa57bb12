/** Stable error codes shared by every transport (docs/PROTOCOL.md lists them per transport). */
export type ErrorCode =
  | "BAD_REQUEST"
  | "BAD_FRAME"
  | "TOO_LARGE"
  | "UNSUPPORTED_MEDIA_TYPE"
  | "RATE_LIMITED"
  | "SESSION_ENDED"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "METHOD_NOT_ALLOWED"
  | "CONFLICT"
  | "INVALID_FLOW"
  | "UNAVAILABLE"
  | "INTERNAL";

/** The one error type the core raises; each transport maps `code` once. */
export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;
  /** For `RATE_LIMITED`: whole seconds until a retry can succeed (sent as `Retry-After`). */
  readonly retryAfterSeconds: number | undefined;
  constructor(code: ErrorCode, message: string, details?: unknown, options: { retryAfterSeconds?: number } = {}) {
    super(message);
    this.name = "DomainError";
    this.code = code;
    this.details = details;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** `RATE_LIMITED`, saying when a retry can succeed. */
export function rateLimited(message: string, retryAfterSeconds: number): DomainError {
  return new DomainError("RATE_LIMITED", message, undefined, { retryAfterSeconds });
}

/** The `Retry-After` header an error's answer carries, if it knows one. */
export function retryAfterHeader(error: unknown): Record<string, string> {
  const seconds = error instanceof DomainError ? error.retryAfterSeconds : undefined;
  return seconds === undefined ? {} : { "Retry-After": String(seconds) };
}

export const HTTP_STATUS: Record<ErrorCode, number> = {
  BAD_REQUEST: 400,
  BAD_FRAME: 400,
  INVALID_FLOW: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  SESSION_ENDED: 409,
  CONFLICT: 409,
  TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
};
