/** The targets of the issue, printed beside each figure. */
export const TARGETS = {
  /** chatflow's turns/s as a share of the echo ceiling's. */
  echoShare: { pglite: 0.25, postgres: 0.25 },
  turnP99Ms: 100,
  idleKbPerConnection: 50,
  historyP99Ms: 20,
  startToHealthyMs: 2_000,
  idleRssMb: 250,
  startPeakRssMb: 350,
  /** Issue 22: idle with the offline classifiers loaded. */
  loadedIdleRssMb: 300,
  /** Server RSS under the 1,000-customer loads. */
  loadRssMb: 400,
  /** Every connection of a 1,000-connection storm has its frames. */
  stormAllInMs: 2_000,
} as const;

/** One line of the printed table. `pass` is `undefined` for figures without a target. */
export interface TableRow {
  figure: string;
  value: string;
  target: string;
  pass: boolean | undefined;
}

export function row(figure: string, value: string, target = "", pass: boolean | undefined = undefined): TableRow {
  return { figure, value, target, pass };
}
