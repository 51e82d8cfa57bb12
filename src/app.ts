import type { AddressInfo } from "node:net";
import type { Config } from "./config/env.ts";
import { describeTarget } from "./config/database-target.ts";
import { createRestServer } from "./http/create-rest-server.ts";
import { createUpgradeRouter, type UpgradeHandler } from "./http/upgrade-router.ts";
import type { Logger } from "./observability/logger.ts";
import { createMetrics, type Metrics } from "./observability/metrics.ts";
import { mountHealthRoutes } from "./rest/health-routes.ts";
import { applyMigrations } from "./storage/apply-migrations.ts";
import { openDatabase, type Database } from "./storage/open-database.ts";

/** A running chatflow server. */
export interface App {
  readonly url: string;
  readonly port: number;
  readonly database: Database;
  readonly metrics: Metrics;
  /** Stops accepting, lets in-flight turns finish, closes sockets with 1001 and the database. */
  stop(): Promise<void>;
}

/** The composition root: builds every part from the config and starts listening. */
export async function startApp(config: Config, logger: Logger): Promise<App> {
  const database = await openDatabase(config.database);
  const applied = await applyMigrations(database);
  logger.info({ database: describeTarget(config.database), applied }, "database ready");
  const metrics = createMetrics();
  const server = createRestServer(logger);
  const ping = async () => {
    await database.prisma.$queryRaw`SELECT 1`;
  };
  mountHealthRoutes(server, { ping }, metrics);
  const upgrades = new Map<string, UpgradeHandler>();
  server.server.on("upgrade", createUpgradeRouter(upgrades));

  await new Promise<void>((resolve, reject) => {
    server.server.once("error", reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  const url = `http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${port}`;

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await new Promise<void>((resolve) => server.server.close(() => resolve()));
      await database.close();
    })());
  return { url, port, database, metrics, stop };
}
