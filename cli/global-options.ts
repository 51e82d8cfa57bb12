import { Option, type Command } from "commander";
import { DEFAULT_SERVER_URL, parseServerUrl, type ServerUrls } from "./server-url.ts";

/** What every command knows: which server, and the operator token if any. */
export interface Globals {
  urls: ServerUrls;
  /** The operator token (`ADMIN_TOKEN` on the server), sent as `Authorization: Bearer`. */
  token: string | undefined;
}

/** `--url` and `--token`, declared once on the program so every command accepts them. */
export function addGlobalOptions(program: Command): Command {
  return program
    .addOption(
      new Option("--url <url>", "the server: http://… or ws://… (both work)")
        .env("CHATFLOW_URL")
        .default(DEFAULT_SERVER_URL),
    )
    .addOption(new Option("--token <token>", "operator token (the server's ADMIN_TOKEN)").env("CHATFLOW_TOKEN"));
}

export function readGlobals(command: Command): Globals {
  const options = command.optsWithGlobals<{ url: string; token?: string }>();
  return { urls: parseServerUrl(options.url), token: options.token || undefined };
}
