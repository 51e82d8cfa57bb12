import path from "node:path";
import { fileURLToPath } from "node:url";
import { BENCH_HOST, freePort } from "./ports.ts";
import { startServerProcess, type RunningServer } from "./start-chatflow.ts";

const ECHO_SERVER = path.join(path.dirname(fileURLToPath(import.meta.url)), "echo-server.ts");

/** Starts the echo ceiling server shaped like chatflow's turns (see echo-server.ts). */
export async function startEchoServer(shape: { framesPerTurn: number; bytesPerTurn: number }): Promise<RunningServer> {
  const port = await freePort();
  return startServerProcess(
    [
      process.execPath,
      "--disable-warning=ExperimentalWarning",
      ECHO_SERVER,
      String(port),
      shape.framesPerTurn.toFixed(3),
      String(Math.round(shape.bytesPerTurn)),
    ],
    process.env,
    `http://${BENCH_HOST}:${port}`,
  );
}
