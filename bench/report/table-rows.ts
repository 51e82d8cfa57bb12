import type { ConversationResult } from "../phases/conversation-load.ts";
import type { RunResult } from "./run-result.ts";
import { stormRows } from "./storm-rows.ts";
import { row, TARGETS, type TableRow } from "./targets.ts";

const ms = (value: number) => `${value.toFixed(1)} ms`;

/** The table rows of one database's run, each figure beside its target. */
export function tableRows(run: RunResult): TableRow[] {
  const rows: TableRow[] = Object.entries(run.failures).map(([phase, message]) =>
    row(`${phase}: FAILED`, message.split("\n")[0]!.slice(0, 80), "runs", false),
  );
  const c = run.conversation;
  if (c) {
    const share = TARGETS.echoShare[run.db];
    const l = c.chatflow.latencyMs;
    rows.push(
      row(`turns/s (${c.chatflow.customers} customers)`, c.chatflow.turnsPerSecond.toFixed(1)),
      ...(c.repeats.length > 1
        ? [row(`turns/s of each run (median above)`, c.repeats.map((r) => r.turnsPerSecond.toFixed(0)).join(" / "))]
        : []),
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
      rssRow("server RSS peak / end", c.chatflow),
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
  if (run.pace) {
    const { chatflow: p, echo, paceMs, integrity } = run.pace;
    const l = p.latencyMs;
    rows.push(
      row(
        `human pace: ${p.customers} customers, 1 line / ${paceMs / 1000} s, p50 / p99`,
        `${ms(l.p50)} / ${ms(l.p99)}`,
        `p99 <= ${TARGETS.turnP99Ms} ms`,
        l.p99 <= TARGETS.turnP99Ms,
      ),
      row("human pace: echo under it, p50 / p99", `${ms(echo.latencyMs.p50)} / ${ms(echo.latencyMs.p99)}`),
      row(
        "human pace: turns/s, errors, integrity (lost/unacked)",
        `${p.turnsPerSecond.toFixed(1)}, ${p.errors.total}, ${integrity.checked ? `${integrity.lost}/${integrity.unacknowledged}` : "not checked"}`,
        "0 errors, 0/0",
        p.errors.total === 0 && (!integrity.checked || (integrity.lost === 0 && integrity.unacknowledged === 0)),
      ),
      rssRow("human pace: server RSS peak / end", p),
    );
  }
  if (run.idle) {
    const idle = run.idle;
    rows.push(
      row(
        `idle: ${idle.connected}/${idle.requested} connected`,
        `${idle.connectionsPerSecond.toFixed(0)} conn/s`,
        `${idle.requested}`,
        idle.connected === idle.requested,
      ),
      row("idle: server RSS before / after (after GC)", `${idle.serverRssMb.before} / ${idle.serverRssMb.after} MB`),
      row("idle: JS heap per connection", `${idle.heapKbPerConnection.toFixed(1)} KB`),
      row(
        "idle: memory per connection",
        `${idle.kbPerConnection.toFixed(1)} KB`,
        `<= ${TARGETS.idleKbPerConnection} KB`,
        idle.kbPerConnection <= TARGETS.idleKbPerConnection,
      ),
    );
    if (idle.fileDescriptorWarning) rows.push(row("idle: file descriptors", idle.fileDescriptorWarning));
  }
  if (run.history) {
    const h = run.history;
    rows.push(
      row(`history: /message/list p50 (${h.seededMessages} msgs)`, ms(h.latencyMs.p50)),
      row("history: /message/list p95", ms(h.latencyMs.p95)),
      row(
        "history: /message/list p99",
        ms(h.latencyMs.p99),
        `<= ${TARGETS.historyP99Ms} ms`,
        h.latencyMs.p99 <= TARGETS.historyP99Ms && h.errors === 0,
      ),
      row("history: newest page p99", ms(h.newestPageLatencyMs.p99)),
    );
    if (h.coldLatencyMs.count > 0) {
      rows.push(
        row(
          `history: first ${h.coldLatencyMs.count} after start p50 / p99`,
          `${ms(h.coldLatencyMs.p50)} / ${ms(h.coldLatencyMs.p99)}`,
        ),
      );
    }
  }
  if (run.analytics) {
    const a = run.analytics;
    rows.push(
      row(`analytics: one version, ${a.sessions} sessions p50 / max`, `${ms(a.allMs.p50)} / ${ms(a.allMs.max)}`),
      row("analytics: its last day p50 / max", `${ms(a.lastDayMs.p50)} / ${ms(a.lastDayMs.max)}`),
    );
    const u = a.unmatched;
    if (u) {
      rows.push(
        row(`unmatched: last ${u.lines} lines query p50 / max`, `${ms(u.selectMs.p50)} / ${ms(u.selectMs.max)}`),
        row(
          `unmatched: grouping ${u.distinctLines} distinct lines (${u.groups} groups) cold / warm`,
          `${ms(u.groupColdMs)} / ${ms(u.groupWarmMs)}`,
        ),
      );
    }
  }
  if (run.replay) {
    const r = run.replay;
    for (const timed of r.runs)
      rows.push(
        row(
          `replay: last ${timed.last} of ${r.sessions} sessions p50 / max`,
          `${ms(timed.ms.p50)} / ${ms(timed.ms.max)}`,
        ),
      );
  }
  if (run.start) {
    const st = run.start;
    const limit = TARGETS.startToHealthyMs;
    rows.push(
      row("start to healthy, fresh dir (best)", ms(st.bestFreshMs), `<= ${limit} ms`, st.bestFreshMs <= limit),
      row("start to healthy, existing dir (best)", ms(st.bestExistingMs), `<= ${limit} ms`, st.bestExistingMs <= limit),
    );
  }
  if (run.memory) {
    const m = run.memory;
    rows.push(
      row(
        "memory: RSS idle after start (nobody yet)",
        `${m.idleRssMb} MB`,
        `<= ${TARGETS.idleRssMb} MB`,
        m.idleRssMb <= TARGETS.idleRssMb,
      ),
      row(
        "memory: RSS peak during start",
        `${m.startPeakRssMb} MB`,
        `<= ${TARGETS.startPeakRssMb} MB`,
        m.startPeakRssMb <= TARGETS.startPeakRssMb,
      ),
      row(
        "memory: RSS idle, classifiers loaded",
        `${m.loadedIdleRssMb} MB`,
        `<= ${TARGETS.loadedIdleRssMb} MB`,
        m.loadedIdleRssMb <= TARGETS.loadedIdleRssMb,
      ),
      row("memory: RSS peak, start + classifiers' load", `${m.loadedPeakRssMb} MB`),
      row("memory: RSS idle, classifiers unloaded", `${m.unloadedIdleRssMb} MB`),
      row("memory: start to healthy / to idle", `${m.msToHealthy} / ${m.msToSettled} ms`),
      row("memory: conversation opened to classifiers loaded", `${m.msToLoaded} ms`),
    );
  }
  if (run.storm) rows.push(...stormRows(run.storm));
  return rows;
}

/** Server RSS under a load beside the issue's 400 MB (which is set for 1,000 customers). */
function rssRow(figure: string, load: ConversationResult): TableRow {
  const { peak, end } = load.serverRssMb;
  const judged = load.customers >= 1000;
  return judged
    ? row(figure, `${peak} / ${end} MB`, `<= ${TARGETS.loadRssMb} MB`, peak <= TARGETS.loadRssMb)
    : row(figure, `${peak} / ${end} MB`);
}

/** The sweep, one row per level and kind of load. */
export function sweepRows(run: RunResult): TableRow[] {
  const levels = (points: RunResult["sweep"], kind: string) => (points ?? []).map((p) => ({ ...p, kind }));
  return [...levels(run.sweep, "closed loop"), ...levels(run.paceSweep, "human pace")].map((p) =>
    row(
      `${p.customers} customers, ${p.kind}`,
      `${p.turnsPerSecond.toFixed(1)} t/s, p50 ${p.p50.toFixed(0)} / p95 ${p.p95.toFixed(0)} / p99 ${p.p99.toFixed(0)} ms`,
      `p99 <= ${TARGETS.turnP99Ms} ms`,
      p.p99 <= TARGETS.turnP99Ms && p.errors === 0,
    ),
  );
}
