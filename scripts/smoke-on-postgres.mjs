// CI: the conformance smoke test against a server on PostgreSQL + Redis (the first run uses the
// embedded database). Creates a throw-away database from TEST_DATABASE_URL and drops it after.
import { spawn, spawnSync } from "node:child_process";
import net from "node:net";
import pg from "pg";

const base = process.env.TEST_DATABASE_URL;
const name = `chatflow_smoke_${process.pid}`;
const admin = async (sql) => {
  const client = new pg.Client({ connectionString: base });
  await client.connect();
  await client.query(sql);
  await client.end();
};
const port = await new Promise((resolve) => {
  const server = net.createServer().listen(0, "127.0.0.1", () => {
    const { port } = server.address();
    server.close(() => resolve(port));
  });
});
const url = new URL(base);
url.pathname = `/${name}`;
await admin(`CREATE DATABASE "${name}"`);
const server = spawn(process.execPath, ["--disable-warning=ExperimentalWarning", "src/main.ts"], {
  stdio: ["ignore", "ignore", "inherit"],
  env: {
    ...process.env,
    PORT: String(port),
    HOST: "127.0.0.1",
    DATABASE_URL: url.toString(),
    REDIS_URL: process.env.TEST_REDIS_URL,
    REDIS_PREFIX: name,
    LOG_LEVEL: "warn",
    OPENAI_API_KEY: "",
    OPENAI_BASE_URL: "",
  },
});
let status;
try {
  for (let i = 0; i < 300; i++) {
    if (
      await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  status =
    spawnSync(process.execPath, ["../shared/conformance/smoke.mjs", `http://127.0.0.1:${port}`], { stdio: "inherit" })
      .status ?? 1;
} finally {
  server.kill("SIGTERM");
  await new Promise((resolve) => server.once("exit", resolve));
  await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}
process.exit(status);
