import { z } from "zod";
import { parseDatabaseTarget, type DatabaseTarget } from "./database-target.ts";
import { DEFAULT_LIMITS, type LimitSettings } from "../limits/limit-settings.ts";
import { limitEnvSchema, readLimits, unsetIfEmpty } from "./limit-env.ts";
import { readHttpBlockConfig, type HttpBlockConfig } from "./http-block-env.ts";

/** Everything the server reads from its environment, validated once at start. */
export interface Config {
  /** @default 3000 */
  port: number;
  /** @default "127.0.0.1" */
  host: string;
  database: DatabaseTarget;
  /** Redis for cross-instance events; `undefined` keeps events in-process. */
  redisUrl: string | undefined;
  /** Prefix of every Redis channel, so several deployments can share one Redis. @default "chatflow" */
  redisPrefix: string;
  openai: { apiKey: string; baseUrl: string | undefined; model: string; timeoutMs: number } | undefined;
  adminToken: string | undefined;
  /** Serve operator routes without a token on a non-loopback host. @default false */
  allowInsecure: boolean;
  flowFile: string | undefined;
  /** Serve the embedded database on this loopback port (for Prisma Studio while the server runs). */
  pgliteSocketPort: number | undefined;
  /** `shared_buffers` of the embedded database; `undefined`: the default (see open-database.ts). */
  pgliteSharedBuffers: string | undefined;
  /** @default "info" */
  logLevel: string;
  /** Pretty logs for a person at a terminal; JSON otherwise. */
  prettyLogs: boolean;
  /** Rate limits and caps; see `LimitSettings` for every default. */
  limits: LimitSettings;
  /** Other browser origins allowed on WebSocket upgrades, REST and `/graphql`; `undefined`: only the server's own. */
  allowedOrigins: string[] | undefined;
  /**
   * Host names a `Host` header may name besides `localhost`, IP addresses and `HOST` (a deployment
   * reached by name); `"any"` turns the check off. @default undefined
   */
  allowedHosts: string[] | "any" | undefined;
  /** Count limits against the last `X-Forwarded-For` address (behind one reverse proxy). @default false */
  trustProxy: boolean;
  /** Key of the customerId signatures that let a client choose its id (identity verification). @default undefined */
  customerIdSecret: string | undefined;
  /** `WEBHOOK_RETRY_BASE_MS`: the wait after a webhook delivery's first failure, doubling after each next one. @default 5000 */
  webhookRetryBaseMs: number;
  /**
   * `OFFLINE_CLASSIFIERS_IDLE_SECONDS`: the offline classifiers (loaded when a conversation
   * opens) are unloaded after this long without a classification; 0 keeps them. @default 600
   */
  offlineClassifiersIdleSeconds: number;
  /** `HTTP_BLOCK_ALLOWED_HOSTS` and the `FLOW_SECRET_*` values of `http` flow blocks. */
  httpBlock: HttpBlockConfig;
}

/** Shortest `CUSTOMER_ID_SECRET`: anyone who guesses it can sign any customer id. */
const MIN_SECRET_LENGTH = 32;

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === "" ? undefined : value.trim()));

const flag = z
  .enum(["", "0", "1", "true", "false"], { error: "must be 1 or 0" })
  .default("")
  .transform((v) => v === "1" || v === "true");

const envSchema = limitEnvSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().trim().min(1).default("127.0.0.1"),
  DATABASE_URL: z.string().optional(),
  REDIS_URL: optionalText.refine(
    (v) => v === undefined || /^rediss?:\/\//.test(v),
    "must start with redis:// or rediss://",
  ),
  REDIS_PREFIX: z.string().trim().min(1).default("chatflow"),
  OPENAI_API_KEY: optionalText,
  OPENAI_BASE_URL: optionalText.refine((v) => v === undefined || URL.canParse(v), "must be a URL"),
  OPENAI_MODEL: optionalText,
  OPENAI_TIMEOUT_MS: z.coerce.number().int().positive().default(8000),
  ADMIN_TOKEN: optionalText,
  // Not trimmed: the business's backend signs with the secret exactly as it is.
  CUSTOMER_ID_SECRET: z
    .string()
    .optional()
    .transform((value) => (value === "" ? undefined : value))
    .refine(
      (value) => value === undefined || value.length >= MIN_SECRET_LENGTH,
      `must be at least ${MIN_SECRET_LENGTH} characters (e.g. openssl rand -hex 32)`,
    ),
  ALLOW_INSECURE: flag,
  TRUST_PROXY: flag,
  FLOW_FILE: optionalText,
  PGLITE_SOCKET_PORT: z
    .union([z.literal("").transform(() => undefined), z.coerce.number().int().min(1).max(65535)])
    .optional(),
  PGLITE_SHARED_BUFFERS: optionalText.refine(
    (v) => v === undefined || isSharedBuffersSize(v),
    "must be a size from 1MB to 1GB, like 32MB or 256MB",
  ),
  OFFLINE_CLASSIFIERS_IDLE_SECONDS: z.preprocess(
    unsetIfEmpty,
    z.coerce
      .number({ error: "must be a whole number of seconds" })
      .int("must be a whole number of seconds")
      .min(0, "must be 0 (keep them loaded) or more")
      // setTimeout holds at most 2^31 - 1 ms (24.8 days); beyond, Node fires at once.
      .max(604_800, "must be at most 604800 (7 days)")
      .default(600),
  ),
  WEBHOOK_RETRY_BASE_MS: z.coerce.number().int().min(1).max(3_600_000).default(5000),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  LOG_FORMAT: z.enum(["", "json", "pretty"]).default(""),
});

/** The shortest `ADMIN_TOKEN` accepted on a non-loopback `HOST`. */
export const MIN_ADMIN_TOKEN_LENGTH = 32;

export type ConfigParse = { ok: true; config: Config } | { ok: false; problems: string[] };

/** Reads the config; every problem is one line naming its variable. */
export function parseConfig(env: NodeJS.ProcessEnv, isTerminal = false): ConfigParse {
  const parsed = envSchema.safeParse(env);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
  const database = parseDatabaseTarget(env["DATABASE_URL"]);
  if (!database.ok) problems.push(`DATABASE_URL: ${database.reason}`);
  const httpBlock = readHttpBlockConfig(env);
  if (!httpBlock.ok) problems.push(httpBlock.problem);
  if (!parsed.success || !database.ok || !httpBlock.ok) return { ok: false, problems };
  const e = parsed.data;
  if (!e.ADMIN_TOKEN && !e.ALLOW_INSECURE && !isLoopback(e.HOST)) {
    return {
      ok: false,
      problems: [
        `ADMIN_TOKEN: required when HOST (${e.HOST}) is not a loopback address; set it, or ALLOW_INSECURE=1 to serve operator routes unguarded`,
      ],
    };
  }
  // A short token on a reachable address can be guessed; 32 characters is what `openssl rand -hex 16` prints.
  if (e.ADMIN_TOKEN && e.ADMIN_TOKEN.length < MIN_ADMIN_TOKEN_LENGTH && !isLoopback(e.HOST)) {
    return {
      ok: false,
      problems: [
        `ADMIN_TOKEN: must be at least ${MIN_ADMIN_TOKEN_LENGTH} characters when HOST (${e.HOST}) is not a loopback address (it has ${e.ADMIN_TOKEN.length}); generate one with: openssl rand -hex 32`,
      ],
    };
  }
  // An OpenAI-compatible server at a custom base URL may need no key at all.
  const llmWanted = e.OPENAI_API_KEY !== undefined || e.OPENAI_BASE_URL !== undefined;
  return {
    ok: true,
    config: {
      port: e.PORT,
      host: e.HOST,
      database: database.target,
      redisUrl: e.REDIS_URL,
      redisPrefix: e.REDIS_PREFIX,
      openai: llmWanted
        ? {
            apiKey: e.OPENAI_API_KEY ?? "not-needed",
            baseUrl: e.OPENAI_BASE_URL,
            model: e.OPENAI_MODEL ?? "gpt-4o-mini",
            timeoutMs: e.OPENAI_TIMEOUT_MS,
          }
        : undefined,
      adminToken: e.ADMIN_TOKEN,
      allowInsecure: e.ALLOW_INSECURE,
      flowFile: e.FLOW_FILE,
      pgliteSocketPort: e.PGLITE_SOCKET_PORT,
      pgliteSharedBuffers: e.PGLITE_SHARED_BUFFERS,
      logLevel: e.LOG_LEVEL,
      prettyLogs: e.LOG_FORMAT === "pretty" || (e.LOG_FORMAT === "" && isTerminal),
      limits: readLimits(e, DEFAULT_LIMITS),
      allowedOrigins: e.ALLOWED_ORIGINS,
      allowedHosts: e.ALLOWED_HOSTS,
      trustProxy: e.TRUST_PROXY,
      customerIdSecret: e.CUSTOMER_ID_SECRET,
      webhookRetryBaseMs: e.WEBHOOK_RETRY_BASE_MS,
      offlineClassifiersIdleSeconds: e.OFFLINE_CLASSIFIERS_IDLE_SECONDS,
      httpBlock: httpBlock.config,
    },
  };
}

/** A size Postgres takes for `shared_buffers` and PGlite's 32-bit memory can hold (2GB fails to start). */
function isSharedBuffersSize(value: string): boolean {
  const match = /^(\d+)(MB|GB)$/.exec(value);
  if (!match) return false;
  const megabytes = Number(match[1]) * (match[2] === "GB" ? 1024 : 1);
  return megabytes >= 1 && megabytes <= 1024;
}

/** Operator routes may be open only where nobody else can reach them. */
export function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || host === "[::1]" || /^127(\.\d{1,3}){3}$/.test(host);
}
