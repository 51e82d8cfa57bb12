import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const RESULTS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../results");

/** Writes a JSON file under bench/results (atomically: a .tmp file renamed); returns its path. */
export function writeResultFile(name: string, value: unknown): string {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, name);
  fs.writeFileSync(`${file}.tmp`, `${JSON.stringify(value, null, 2)}\n`);
  fs.renameSync(`${file}.tmp`, file);
  return file;
}

/** Writes a text file (the chart) under bench/results; returns its path. */
export function writeResultText(name: string, text: string): string {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, name);
  fs.writeFileSync(`${file}.tmp`, text);
  fs.renameSync(`${file}.tmp`, file);
  return file;
}

/** A file-name-safe timestamp: 2025-01-31T12-00-00Z. */
export function fileTimestamp(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d+Z$/, "Z")
    .replace(/:/g, "-");
}
