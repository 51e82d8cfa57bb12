import net from "node:net";

/** The bench only ever talks to this address. */
export const BENCH_HOST = "127.0.0.1";

/** A port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on("error", reject);
    server.listen(0, BENCH_HOST, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Polls `/healthz` every `intervalMs` until it answers 200; the elapsed ms, or an error past the deadline. */
export async function waitForHealthy(baseUrl: string, deadlineMs: number, intervalMs = 10): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < deadlineMs) {
    try {
      const response = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(1_000) });
      await response.body?.cancel();
      if (response.ok) return performance.now() - started;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`${baseUrl} did not answer /healthz with 200 within ${deadlineMs} ms`);
}
