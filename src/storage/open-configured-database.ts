import type { Config } from "../config/env.ts";
import type { Logger } from "../observability/logger.ts";
import { logUpkeep } from "./log-upkeep.ts";
import { openDatabase, type Database } from "./open-database.ts";

/** Opens the server's database as its config says, upkeep rounds of the embedded one in its log. */
export function openConfiguredDatabase(config: Config, logger: Logger): Promise<Database> {
  return openDatabase(config.database, {
    opener: "chatflow server",
    onUpkeep: logUpkeep(logger),
    onPoolError: (error) =>
      logger.warn({ err: error }, "PostgreSQL dropped an idle pooled connection; the pool opens another"),
    ...(config.pgliteSharedBuffers ? { pgliteSharedBuffers: config.pgliteSharedBuffers } : {}),
  });
}
