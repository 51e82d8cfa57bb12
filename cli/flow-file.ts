import { readFile } from "node:fs/promises";
import { extname } from "node:path";
import { CliError } from "./cli-error.ts";

export type FlowFormat = "json" | "yaml";

/** The format a flow file is in, from its extension (the same two formats the server takes). */
export function flowFormatOf(path: string): FlowFormat {
  const extension = extname(path).toLowerCase();
  if (extension === ".json") return "json";
  if (extension === ".yaml" || extension === ".yml") return "yaml";
  throw new CliError(`${path}: a flow file ends in .json, .yaml or .yml`);
}

/** Reads a flow file's text and format; a missing file is a one-line error. */
export async function readFlowFile(path: string): Promise<{ text: string; format: FlowFormat }> {
  const format = flowFormatOf(path);
  try {
    return { text: await readFile(path, "utf8"), format };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(`cannot read ${path}: ${code === "ENOENT" ? "no such file" : (error as Error).message}`);
  }
}
