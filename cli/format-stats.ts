import { summaryLine, type FeedbackSummary } from "./commands/feedback.ts";

/** What `flowAnalytics` answers (docs/PROTOCOL.md, Insight). */
export interface FlowStats {
  version: number;
  conversations: number;
  ended: number;
  handoffs: number;
  noMatchRate: number;
  feedback: FeedbackSummary;
  blocks: { blockId: string; entered: number; leftTheConversation: number }[];
}

const percent = (part: number, whole: number) => (whole === 0 ? "–" : `${((100 * part) / whole).toFixed(1)}%`);

/**
 * The report as a terminal prints it: two summary lines, then one row per block in flow order.
 * "went on" is entered − left: the customers who moved past the block, or ended there.
 */
export function formatStats(stats: FlowStats): string[] {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  const header = ["block", "entered", "left", "went on", "left %"];
  const rows = stats.blocks.map((block) => [
    block.blockId,
    String(block.entered),
    String(block.leftTheConversation),
    String(block.entered - block.leftTheConversation),
    percent(block.leftTheConversation, block.entered),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  // The block column reads left to right; the numbers line up on the right.
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
      .join("  ")
      .trimEnd();
  return [
    `flow version ${stats.version}: ${plural(stats.conversations, "conversation")}, ${stats.ended} ended, ` +
      `${stats.handoffs} handed off, no match ${(100 * stats.noMatchRate).toFixed(1)}% of intent decisions`,
    `feedback: ${summaryLine(stats.feedback)}`,
    "",
    line(header),
    ...rows.map(line),
  ];
}
