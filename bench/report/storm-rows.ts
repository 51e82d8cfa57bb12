import type { StormFigures, StormResult } from "../phases/storm.ts";
import { row, TARGETS, type TableRow } from "./targets.ts";

const ms = (value: number) => `${value.toFixed(1)} ms`;

/** The storm phase's rows: each storm beside the echo server's, under the load average it ran at. */
export function stormRows(storm: StormResult): TableRow[] {
  const { resume, fresh, echo } = storm;
  return [
    row(
      `storm: ${storm.talkers} talkers before it, p50 / p99`,
      `${ms(storm.quietTalkersMs.p50)} / ${ms(storm.quietTalkersMs.p99)}`,
    ),
    ...stormLines("resume", resume, true, true),
    ...stormLines("new", fresh, false, true),
    ...stormLines("echo", echo, false, false),
  ];
}

function stormLines(name: string, s: StormFigures, resuming: boolean, chatflow: boolean): TableRow[] {
  const allIn = TARGETS.stormAllInMs;
  const talkers = TARGETS.turnP99Ms;
  return [
    row(
      `storm ${name}: ${s.connections - s.failed}/${s.connections} in (load ${s.loadAverage})`,
      `all in ${ms(s.allInMs)}`,
      `<= ${allIn} ms`,
      s.failed === 0 && s.allInMs <= allIn,
    ),
    row(
      `storm ${name}: each p50 / p99 / max`,
      `${ms(s.connectMs.p50)} / ${ms(s.connectMs.p99)} / ${ms(s.connectMs.max)}`,
    ),
    row(
      `storm ${name}: talkers meanwhile p50 / p99 (${s.talkersMs.count} turns)`,
      `${ms(s.talkersMs.p50)} / ${ms(s.talkersMs.p99)}`,
      `p99 <= ${talkers} ms`,
      s.talkerErrors === 0 && !(s.talkersMs.p99 > talkers),
    ),
    row(
      `storm ${name}: handshakes dropped, accept queue full (kernel)`,
      s.listenOverflows === undefined ? "not measured" : String(s.listenOverflows),
      chatflow ? "0" : "",
      chatflow ? s.listenOverflows === undefined || s.listenOverflows === 0 : undefined,
    ),
    ...(resuming
      ? [
          row(
            `storm ${name}: other session / not resumed`,
            `${s.wrongSession} / ${s.notResumed}`,
            "0 / 0",
            s.wrongSession === 0 && s.notResumed === 0,
          ),
        ]
      : []),
  ];
}
