import type { RunResult } from "./run-result.ts";
import { row, TARGETS, type TableRow } from "./targets.ts";

const ms = (value: number) => `${value.toFixed(1)} ms`;

/** The table rows of one database's run, each figure beside its target. */
export function tableRows(run: RunResult): TableRow[] {
  const rows: TableRow[] = [];
  const c = run.conversation;
  if (c) {
    const share = TARGETS.echoShare[run.db];
    const l = c.chatflow.latencyMs;
    rows.push(
      row(`turns/s (${c.chatflow.customers} customers)`, c.chatflow.turnsPerSecond.toFixed(1)),
      row("echo ceiling turns/s", c.echo.turnsPerSecond.toFixed(1)),
      row("turns/s vs echo", `${(c.echoShare * 100).toFixed(2)} %`, `>= ${share * 100} %`, c.echoShare >= share),
      row("turn latency p50", ms(l.p50)),
      row("turn latency p95", ms(l.p95)),
      row("turn latency p99", ms(l.p99), `<= ${TARGETS.turnP99Ms} ms`, l.p99 <= TARGETS.turnP99Ms),
      row("turn latency max", ms(l.max)),
      row(
        "errors (error frames/closes/timeouts/connect)",
        `${c.chatflow.errors.total} (${c.chatflow.errors.errorFrames}/${c.chatflow.errors.closes}/${c.chatflow.errors.timeouts}/${c.chatflow.errors.connectFailures})`,
        "0",
        c.chatflow.errors.total === 0,
      ),
      row("frames per turn", c.chatflow.framesPerTurn.toFixed(2)),
      row("server RSS peak / end", `${c.chatflow.serverRssMb.peak} / ${c.chatflow.serverRssMb.end} MB`),
    );
    const i = c.integrity;
    rows.push(
      i.checked
        ? row(
            "integrity: acked vs stored (lost/unacked)",
            `${i.acknowledged} vs ${i.stored} (${i.lost}/${i.unacknowledged})`,
            "equal",
            i.lost === 0 && i.unacknowledged === 0,
          )
        : row("integrity", `not checked: ${i.reason}`),
    );
  }
  return rows;
}
