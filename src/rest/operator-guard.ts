import type { Request } from "restify";
import { DomainError } from "../domain-error.ts";
import { bearerToken, isOperatorToken } from "../http/operator-auth.ts";

export type OperatorGuard = (request: Request) => void;

/** Throws `UNAUTHORIZED` unless the request carries `ADMIN_TOKEN` (when one is configured). */
export function createOperatorGuard(adminToken: string | undefined): OperatorGuard {
  return (request) => {
    if (!isOperatorToken(bearerToken(request.headers.authorization), adminToken)) {
      throw new DomainError("UNAUTHORIZED", "this route needs Authorization: Bearer <ADMIN_TOKEN>");
    }
  };
}
