import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

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

/** `customerIdSignature` for `customerId`: hex HMAC-SHA256 of the id, keyed with `CUSTOMER_ID_SECRET`. */
export function signCustomerId(customerId: string, secret: string): string {
  return createHmac("sha256", secret).update(customerId, "utf8").digest("hex");
}

/** Whether `signature` is the id's signature; compared in constant time, hex in either case. */
export function customerIdSignatureMatches(customerId: string, signature: string | undefined, secret: string): boolean {
  if (!signature || !/^[0-9a-f]{64}$/i.test(signature)) return false;
  const expected = Buffer.from(signCustomerId(customerId, secret), "hex");
  return timingSafeEqual(Buffer.from(signature, "hex"), expected);
}

/**
 * The token of a customer who proved its id by signature. A signed id may sign in from several
 * devices; each gets this same token, so one device signing in never logs another out. It is
 * keyed differently from the signature (which it must not equal), and customer ids cannot hold
 * the NUL that separates the two.
 */
export function signedCustomerToken(customerId: string, secret: string): string {
  return createHmac("sha256", secret).update(`customer-token\0${customerId}`, "utf8").digest("base64url");
}
