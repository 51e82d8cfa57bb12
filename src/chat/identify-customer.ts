import type { StoredCustomer } from "../storage/records.ts";
import {
  customerIdSignatureMatches,
  customerTokenMatches,
  hashCustomerToken,
  signedCustomerToken,
} from "./customer-tokens.ts";

/** What a client says about who it is when it connects. */
export interface IdentityClaim {
  customerId?: string | undefined;
  token?: string | undefined;
  /** Hex HMAC-SHA256 of `customerId` with `CUSTOMER_ID_SECRET`, computed by the business's backend. */
  customerIdSignature?: string | undefined;
}

export type Identity =
  /** `token`: to hand out (a signed-in customer's); `retoken`: store its hash before going on. */
  | { status: "returning"; customer: StoredCustomer; token: string | undefined; retoken: boolean }
  /** `customerId`: the id asked for (else the server picks one); `token`: a signed customer's, else a random one. */
  | { status: "new"; customerId: string | undefined; token: string | undefined }
  | { status: "refused"; message: string };

/**
 * Who a connecting client is, decided without touching anything. A returning customer proves
 * its id with its token or, when `secret` is set, with the id's signature. A new customer may
 * name its own id only with that signature while `secret` is set, so nobody can take another
 * person's id (an e-mail address, say) before they do; without `secret`, ids are first come.
 */
export function identifyCustomer(
  claim: IdentityClaim,
  existing: StoredCustomer | null,
  secret: string | undefined,
): Identity {
  const signature = checkSignature(claim, secret);
  // A signature that is sent must be right, even where a token alone would have done.
  if (signature === false)
    return { status: "refused", message: "customerIdSignature is not this customerId's signature" };
  if (existing) {
    if (customerTokenMatches(claim.token, existing.tokenHash))
      return { status: "returning", customer: existing, token: claim.token, retoken: false };
    if (signature === undefined) {
      const how = secret === undefined ? "its customerToken" : "its customerToken or customerIdSignature";
      return { status: "refused", message: `this customer exists: connect with ${how}` };
    }
    // The customer may still hold a random token from before it was signed in by signature.
    const retoken = !customerTokenMatches(signature, existing.tokenHash);
    const tokenHash = hashCustomerToken(signature);
    return { status: "returning", customer: { ...existing, tokenHash }, token: signature, retoken };
  }
  if (secret !== undefined && claim.customerId !== undefined && signature === undefined)
    return {
      status: "refused",
      message: "customerIdSignature is required to choose a customerId (or connect without one to get a new id)",
    };
  return { status: "new", customerId: claim.customerId, token: signature };
}

/** `undefined`: nothing to check (no secret, id or signature); `false`: a wrong signature; else the signed customer's token. */
function checkSignature(claim: IdentityClaim, secret: string | undefined): string | false | undefined {
  const { customerId, customerIdSignature } = claim;
  if (secret === undefined || customerId === undefined || customerIdSignature === undefined) return undefined;
  if (!customerIdSignatureMatches(customerId, customerIdSignature, secret)) return false;
  return signedCustomerToken(customerId, secret);
}
