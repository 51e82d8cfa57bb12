import type { ConversationResult } from "../phases/conversation-load.ts";
import type { IntegrityResult } from "../phases/integrity.ts";
import type { DbChoice } from "../options.ts";

/** Everything one database's run measured; written to bench/results/<timestamp>-<db>.json. */
export interface RunResult {
  db: DbChoice;
  /** The server's DATABASE_URL kind of the conversation load. */
  storage: string;
  conversation?: {
    chatflow: ConversationResult;
    echo: ConversationResult;
    /** chatflow's turns/s divided by the echo's. */
    echoShare: number;
    integrity: IntegrityResult;
  };
}
