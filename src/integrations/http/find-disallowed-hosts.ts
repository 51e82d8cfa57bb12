import { splitUrlTemplate, type Flow, type FlowProblem } from "../../engine/index.ts";
import { isHostAllowed, type AllowedHost } from "./allowed-hosts.ts";

/**
 * One `HOST_NOT_ALLOWED` error per `http` block whose host (and port) `HTTP_BLOCK_ALLOWED_HOSTS`
 * does not list. The flow has passed validation, so every url's origin is written out.
 */
export function findDisallowedHosts(flow: Flow, allowed: readonly AllowedHost[]): FlowProblem[] {
  const problems: FlowProblem[] = [];
  flow.blocks.forEach((block, index) => {
    if (block.type !== "http") return;
    const origin = splitUrlTemplate(block.url)?.origin ?? "";
    const url = new URL(origin);
    if (isHostAllowed(allowed, url)) return;
    problems.push({
      path: `/blocks/${index}/url`,
      code: "HOST_NOT_ALLOWED",
      message: `Block "${block.id}": host "${url.host}" is not in HTTP_BLOCK_ALLOWED_HOSTS${allowed.length === 0 ? " (unset: no host is allowed)" : ""}.`,
    });
  });
  return problems;
}
