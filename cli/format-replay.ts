/** What `POST /config/replay` answers (docs/PROTOCOL.md, Insight). */
export interface ReplayReport {
  sessions: number;
  diverged: number;
  divergences: {
    sessionId: string;
    turn: number;
    before: { blockId: string | null; text: string | null };
    after: { blockId: string | null; text: string | null };
  }[];
  noMatchRate: { before: number; after: number };
  skipped: number;
}

const percent = (rate: number) => `${(100 * rate).toFixed(1)}%`;

/** One side of a divergence: the block, and its line quoted (or what there was instead). */
function point(side: { blockId: string | null; text: string | null }): string {
  const block = side.blockId ?? "(nothing)";
  return side.text === null ? `${block} (no line)` : `${block}: ${JSON.stringify(side.text)}`;
}

/** The report as a terminal prints it: a summary, then each diverging session at its first divergence. */
export function formatReplay(report: ReplayReport): string[] {
  const share = divergedShare(report);
  const lines = [
    `replayed ${report.sessions} session${report.sessions === 1 ? "" : "s"}: ${report.diverged} diverged (${percent(share)})` +
      (report.skipped > 0 ? `, ${report.skipped} skipped (rows that do not add up to turns)` : ""),
    `no match: ${percent(report.noMatchRate.before)} of intent decisions before → ${percent(report.noMatchRate.after)} after`,
  ];
  for (const d of report.divergences) {
    lines.push(
      "",
      `session ${d.sessionId}, turn ${d.turn}`,
      `  before  ${point(d.before)}`,
      `  after   ${point(d.after)}`,
    );
  }
  return lines;
}

/** The share of sessions that diverged (0 when none were replayed). */
export const divergedShare = (report: ReplayReport) => (report.sessions === 0 ? 0 : report.diverged / report.sessions);
