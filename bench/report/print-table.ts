import type { TableRow } from "./targets.ts";

/** A plain-text table: figure, value, target, PASS/MISS (blank for figures without a target). */
export function formatTable(title: string, rows: TableRow[]): string {
  const verdict = (r: TableRow) => (r.pass === undefined ? "" : r.pass ? "PASS" : "MISS");
  const header = { figure: "figure", value: "value", target: "target", pass: undefined };
  const widths = {
    figure: Math.max(...[header, ...rows].map((r) => r.figure.length)),
    value: Math.max(...[header, ...rows].map((r) => r.value.length)),
    target: Math.max(...[header, ...rows].map((r) => r.target.length)),
  };
  const line = (r: TableRow, result: string) =>
    `  ${r.figure.padEnd(widths.figure)}  ${r.value.padStart(widths.value)}  ${r.target.padEnd(widths.target)}  ${result}`.trimEnd();
  const rule = `  ${"-".repeat(widths.figure + widths.value + widths.target + 10)}`;
  return [title, line(header, "result"), rule, ...rows.map((r) => line(r, verdict(r)))].join("\n");
}
