import type { Config } from "../config/env.ts";
import type { Logger } from "../observability/logger.ts";
import type { EventBus } from "./event-bus.ts";
import { InProcessBus } from "./in-process-bus.ts";

/** In-process events by default; Redis pub/sub across instances when `REDIS_URL` is set. */
export async function createEventBus(
  config: Pick<Config, "redisUrl" | "redisPrefix">,
  logger: Logger,
): Promise<EventBus> {
  if (!config.redisUrl) return new InProcessBus();
  // ioredis loads only when it is used.
  const { RedisBus } = await import("./redis-bus.ts");
  return RedisBus.connect(config.redisUrl, config.redisPrefix, logger);
}
