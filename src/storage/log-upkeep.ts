import type { Logger } from "../observability/logger.ts";
import type { UpkeepReport } from "./pglite-worker/protocol.ts";

/** The embedded database's upkeep in the server's log: failures as warnings, the work done at debug level. */
export function logUpkeep(logger: Logger): (report: UpkeepReport) => void {
  return (report) => {
    if ("error" in report) {
      logger.warn({ err: report.error }, "embedded database upkeep (ANALYZE/VACUUM) failed; tried again next round");
    } else logger.debug({ tables: report.tables }, "embedded database upkeep");
  };
}
