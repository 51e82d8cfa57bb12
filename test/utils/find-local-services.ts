import net from "node:net";
import pg from "pg";

/**
 * vitest `globalSetup`: when `TEST_DATABASE_URL` / `TEST_REDIS_URL` are unset, looks for
 * PostgreSQL and Redis on their default local ports and sets them for the test workers (which
 * start after this and inherit the environment). Set one to an empty value to skip its tests.
 * Whatever it decides is printed once, with the reason when a service is left out; the reason
 * also goes to the workers (`TEST_POSTGRES_SKIPPED` / `TEST_REDIS_SKIPPED`), which print it again
 * where they skip.
 */

export const LOCAL_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test";
export const LOCAL_REDIS_URL = "redis://127.0.0.1:6379";

/** Bounds a probe of a port that accepts but never answers; a closed port refuses at once. */
const PROBE_MS = 5000;

export default async function findLocalServices(): Promise<void> {
  const [postgres, redis] = await Promise.all([
    decide("TEST_DATABASE_URL", "TEST_POSTGRES_SKIPPED", "PostgreSQL", LOCAL_POSTGRES_URL, probePostgres),
    decide("TEST_REDIS_URL", "TEST_REDIS_SKIPPED", "Redis", LOCAL_REDIS_URL, probeRedis),
  ]);
  console.log(`[chatflow tests] ${postgres}\n[chatflow tests] ${redis}`);
}

async function decide(
  variable: string,
  skippedVariable: string,
  service: string,
  localUrl: string,
  probe: (url: string) => Promise<void>,
): Promise<string> {
  const given = process.env[variable];
  if (given !== undefined && given !== "") return `${service}: ${variable}=${given} (as given)`;
  if (given === "") {
    process.env[skippedVariable] = `${variable} is set empty`;
    return `${service}: ${variable} is set empty: its tests are skipped`;
  }
  try {
    await probe(localUrl);
    process.env[variable] = localUrl;
    return `${service}: found at ${localUrl} (set ${variable} to use another, or empty to skip its tests)`;
  } catch (error) {
    const reason = `${variable} is unset and ${localUrl} does not answer (${describe(error)})`;
    process.env[skippedVariable] = reason;
    return `${service}: ${reason}: its tests are skipped`;
  }
}

function describe(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return describe(error.errors[0]);
  return error instanceof Error ? error.message || error.name : String(error);
}

/** Connects as the tests will (user postgres, database `test`, no password) and runs a query. */
async function probePostgres(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: PROBE_MS });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.query("SELECT 1");
  } finally {
    await client.end().catch(() => {});
  }
}

/** Sends PING and expects +PONG (a Redis that asks for a password answers -NOAUTH: not usable). */
function probeRedis(url: string): Promise<void> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: hostname, port: Number(port || 6379) });
    let answer = "";
    const fail = (error: Error) => {
      socket.destroy();
      reject(error);
    };
    socket.setTimeout(PROBE_MS, () => fail(new Error(`no answer within ${PROBE_MS} ms`)));
    socket.on("error", fail);
    socket.on("connect", () => socket.write("PING\r\n"));
    socket.on("data", (chunk) => {
      answer += String(chunk);
      if (!answer.includes("\r\n")) return;
      socket.destroy();
      if (answer.startsWith("+PONG")) resolve();
      else reject(new Error(`PING answered ${answer.trim()}`));
    });
    socket.on("close", () => reject(new Error("closed before answering PING")));
  });
}
