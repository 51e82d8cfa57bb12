import { POSTGRES_SKIP_REASON, TEST_DATABASE_URL } from "./test-database.ts";
import { REDIS_SKIP_REASON, TEST_REDIS_URL } from "./test-redis.ts";
import { TMUX } from "./tmux.ts";

export const TMUX_SKIP_REASON = "tmux is not installed: terminal tests skipped";

/**
 * The suffix for the name of a test or suite that `skipIf` skips for a missing service or
 * tool, so the report says why beside the name; nothing when it runs.
 */
export function skipNote(needs: { postgres?: boolean; redis?: boolean; tmux?: boolean }): string {
  const reasons = [
    needs.postgres && !TEST_DATABASE_URL ? POSTGRES_SKIP_REASON : undefined,
    needs.redis && !TEST_REDIS_URL ? REDIS_SKIP_REASON : undefined,
    needs.tmux && !TMUX ? TMUX_SKIP_REASON : undefined,
  ].filter((reason) => reason !== undefined);
  return reasons.length > 0 ? ` [skipped: ${reasons.join("; ")}]` : "";
}
