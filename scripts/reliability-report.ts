// `npm run test:reliability` ends here: reads the counts the hardening and fault tests wrote to
// test-results/*.json and prints one table. Exits 1 if a count that must be zero is not, or if a
// counts file cannot be read; categories no test wrote (skipped: no PostgreSQL, say) say so.
//
// A counts file is JSON: `{ "categories": { "<name>": { "tried": n, "crashes": n,
// "unhandledRejections": n, "acknowledgedMissing": n, "details": { … } } } }`, or the same
// per-category objects at the top level. `cases`, `runs` or `total` may stand for `tried`;
// `unhandled` for `unhandledRejections`; `missing` or `lost` for `acknowledgedMissing`.
//
// `--reset` only removes this run's own file (reliability-counts.json) before the tests run.
import fs from "node:fs";
import path from "node:path";

const RESULTS_DIR = "test-results";
const OWN_FILE = "reliability-counts.json";

/** The rows the report always shows, in this order; a counts file may add others. */
const CATEGORIES = [
  "bad frames",
  "REST bad input",
  "GraphQL limits",
  "fuzz cases",
  "hostile clients",
  "PostgreSQL outages",
  "Redis outages",
  "SIGTERM",
  "SIGKILL",
  "LLM faults",
  "webhook deliveries",
];
const MUST_BE_ZERO = ["crashes", "unhandledRejections", "acknowledgedMissing"] as const;

interface Row {
  name: string;
  tried: number | undefined;
  crashes: number | undefined;
  unhandledRejections: number | undefined;
  acknowledgedMissing: number | undefined;
  details: Record<string, unknown>;
  source: string;
}

const normalize = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, "");

function pick(counts: Record<string, unknown>, ...names: string[]): number | undefined {
  for (const name of names) if (typeof counts[name] === "number") return counts[name];
  return undefined;
}

function rowsOf(file: string): Row[] {
  const parsed = JSON.parse(fs.readFileSync(path.join(RESULTS_DIR, file), "utf8")) as Record<string, unknown>;
  const categories = (typeof parsed["categories"] === "object" ? parsed["categories"] : parsed) as Record<
    string,
    unknown
  >;
  return Object.entries(categories)
    .filter((entry): entry is [string, Record<string, unknown>] => typeof entry[1] === "object" && entry[1] !== null)
    .map(([name, counts]) => ({
      name,
      tried: pick(counts, "tried", "cases", "runs", "total"),
      crashes: pick(counts, "crashes"),
      unhandledRejections: pick(counts, "unhandledRejections", "unhandled"),
      acknowledgedMissing: pick(counts, "acknowledgedMissing", "missing", "lost"),
      details: typeof counts["details"] === "object" ? (counts["details"] as Record<string, unknown>) : {},
      source: file,
    }));
}

if (process.argv.includes("--reset")) {
  fs.rmSync(path.join(RESULTS_DIR, OWN_FILE), { force: true });
  process.exit(0);
}

const files = fs.existsSync(RESULTS_DIR) ? fs.readdirSync(RESULTS_DIR).filter((f) => f.endsWith(".json")) : [];
const rows: Row[] = [];
const unreadable: string[] = [];
for (const file of files.sort()) {
  try {
    rows.push(...rowsOf(file));
  } catch (error) {
    unreadable.push(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

// The hardening tests count by `<suite>/<kind>`; the report's rows group those suites.
const GROUPS: Record<string, string[]> = {
  "bad frames": ["live-chat", "chat"],
  "REST bad input": ["rest"],
  "GraphQL limits": ["graphql"],
  "fuzz cases": ["flow-validator", "frame-parser"],
  // One key per attack the tests reproduce (cross-site requests, regex stalls, floods, …).
  "hostile clients": ["security"],
};
for (const [name, suites] of Object.entries(GROUPS)) {
  const members = rows.filter((row) => suites.includes(row.name.split("/")[0]!) && row.name.includes("/"));
  if (members.length === 0) continue;
  const sum = (key: (typeof MUST_BE_ZERO)[number] | "tried") =>
    members.reduce((total, row) => total + (row[key] ?? 0), 0);
  rows.push({
    name,
    tried: sum("tried"),
    crashes: sum("crashes"),
    unhandledRejections: sum("unhandledRejections"),
    acknowledgedMissing: sum("acknowledgedMissing"),
    details: Object.fromEntries(members.map((row) => [row.name, row.tried ?? 0])),
    source: [...new Set(members.map((row) => row.source))].join(", "),
  });
  for (const member of members) rows.splice(rows.indexOf(member), 1);
}

const ordered = [
  ...CATEGORIES.map((name) => rows.find((row) => normalize(row.name) === normalize(name)) ?? name),
  ...rows.filter((row) => !CATEGORIES.some((name) => normalize(name) === normalize(row.name))),
];
const cell = (value: number | undefined) => (value === undefined ? "-" : String(value));
const table = [
  ["category", "tried", "crashes", "unhandled rejections", "acknowledged missing", "from"],
  ...ordered.map((row) =>
    typeof row === "string"
      ? [row, "not run", "", "", "", ""]
      : [
          row.name,
          cell(row.tried),
          cell(row.crashes),
          cell(row.unhandledRejections),
          cell(row.acknowledgedMissing),
          row.source,
        ],
  ),
];
const widths = table[0]!.map((_, column) => Math.max(...table.map((line) => line[column]!.length)));
const print = (line: string[]) =>
  console.log(
    line
      .map((value, i) => (i === 0 || i === 5 ? value.padEnd(widths[i]!) : value.padStart(widths[i]!)))
      .join("  ")
      .trimEnd(),
  );

console.log(`Reliability report (${RESULTS_DIR}/*.json)\n`);
print(table[0]!);
console.log(widths.map((width) => "-".repeat(width)).join("  "));
for (const line of table.slice(1)) print(line);

const measured = ordered.filter((row): row is Row => typeof row !== "string" && Object.keys(row.details).length > 0);
if (measured.length) console.log("");
for (const row of measured) {
  const details = Object.entries(row.details).map(
    ([key, value]) => `${key}=${typeof value === "string" ? value : JSON.stringify(value)}`,
  );
  console.log(`${row.name}: ${details.join(", ")}`);
}

const failures = [
  ...unreadable.map((problem) => `cannot read ${problem}`),
  ...rows.flatMap((row) =>
    MUST_BE_ZERO.filter((key) => (row[key] ?? 0) !== 0).map((key) => `${row.name}: ${key} = ${row[key]}`),
  ),
];
console.log("");
if (failures.length) {
  for (const failure of failures) console.log(`FAIL ${failure}`);
  process.exit(1);
}
console.log(
  rows.length
    ? "OK: no crash, no unhandled rejection, no acknowledged message missing."
    : "No counts found: run the tests first.",
);
