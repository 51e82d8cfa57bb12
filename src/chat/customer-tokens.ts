import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** A new customer token: 256 random bits, URL-safe. Only its hash is stored. */
export function createCustomerToken(): string {
  return randomBytes(32).toString("base64url");
}

export function hashCustomerToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** Compares in constant time, so response times tell an attacker nothing about the hash. */
export function customerTokenMatches(token: string | undefined, storedHash: string): boolean {
  if (!token) return false;
  const given = Buffer.from(hashCustomerToken(token), "hex");
  const stored = Buffer.from(storedHash, "hex");
  return given.length === stored.length && timingSafeEqual(given, stored);
}
