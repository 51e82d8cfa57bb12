import { createHash, timingSafeEqual } from "node:crypto";

/** Reads `Authorization: Bearer <token>`. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  return match?.[1];
}

/**
 * Operators present `ADMIN_TOKEN`. Without one configured every caller is an operator: the
 * server only allows that on a loopback address (see the config check).
 */
export function isOperatorToken(token: string | undefined, adminToken: string | undefined): boolean {
  if (adminToken === undefined) return true;
  return token !== undefined && tokensEqual(token, adminToken);
}

/**
 * Compares two secrets in constant time. Both are hashed first, so neither the length of the
 * right one nor the position of the first wrong character shows in the time taken.
 */
export function tokensEqual(given: string, expected: string): boolean {
  const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** Sent with every 401, as HTTP asks: the scheme a client should answer with. */
export const WWW_AUTHENTICATE = "Bearer";
