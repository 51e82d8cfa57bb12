import type { Request } from "restify";
import { DomainError, rateLimited } from "../domain-error.ts";
import type { ClientAddress } from "../http/client-address.ts";
import { bearerToken, isOperatorToken } from "../http/operator-auth.ts";
import { AUTH_BLOCKED_MESSAGE, type AuthFailures } from "../limits/auth-failures.ts";

export type OperatorGuard = (request: Request) => void;

export interface OperatorGuardOptions {
  adminToken: string | undefined;
  failures: AuthFailures;
  clientAddress: ClientAddress;
}

/**
 * Throws `UNAUTHORIZED` unless the request carries `ADMIN_TOKEN` (when one is configured); a
 * wrong token counts against the client's address, and an address past its failures gets
 * `RATE_LIMITED` whatever token it sends.
 */
export function createOperatorGuard({ adminToken, failures, clientAddress }: OperatorGuardOptions): OperatorGuard {
  return (request) => {
    if (adminToken === undefined) return;
    const token = bearerToken(request.headers.authorization);
    if (token === undefined) {
      throw new DomainError("UNAUTHORIZED", "this route needs Authorization: Bearer <ADMIN_TOKEN>");
    }
    const address = clientAddress(request);
    if (failures.isBlocked(address)) throw rateLimited(AUTH_BLOCKED_MESSAGE, failures.retryAfterSeconds(address));
    if (!isOperatorToken(token, adminToken)) {
      failures.recordFailure(address);
      throw new DomainError(
        "UNAUTHORIZED",
        "this route needs Authorization: Bearer <ADMIN_TOKEN>: the token sent is not it",
      );
    }
  };
}
