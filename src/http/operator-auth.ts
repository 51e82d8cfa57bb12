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
  if (token === undefined) return false;
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(token), digest(adminToken));
}
