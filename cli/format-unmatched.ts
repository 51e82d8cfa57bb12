/** What `unmatchedLines` answers (docs/PROTOCOL.md, Insight). */
export interface UnmatchedStats {
  version: number;
  groupedBy: "similarity" | "text";
  groups: { examples: string[]; count: number }[];
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/**
 * The groups as a terminal prints them: a summary line, then each group (biggest first) as its
 * size and its examples, one per line, so long lines stay readable.
 */
export function formatUnmatched(stats: UnmatchedStats): string[] {
  const total = stats.groups.reduce((sum, group) => sum + group.count, 0);
  if (total === 0) return [`flow version ${stats.version}: no line went to noMatch`];
  const how =
    stats.groupedBy === "similarity"
      ? "grouped by meaning"
      : "grouped by text: the offline embedding model is unavailable";
  return [
    `flow version ${stats.version}: ${plural(total, "line")} went to noMatch, ${plural(stats.groups.length, "group")} (${how})`,
    ...stats.groups.flatMap((group) => [
      "",
      `${plural(group.count, "line")}:`,
      ...group.examples.map((example) => `  - ${example}`),
    ]),
  ];
}
