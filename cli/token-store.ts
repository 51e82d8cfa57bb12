import { chmod, mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { z } from "zod";
import { CliError } from "./cli-error.ts";

/** What is remembered of one customer on one server. */
export interface StoredToken {
  token: string;
  name?: string | undefined;
  savedAt: string;
}

// { "<server http URL>": { "<customer id>": StoredToken } }
const fileSchema = z.record(
  z.string(),
  z.record(z.string(), z.object({ token: z.string().min(1), name: z.string().optional(), savedAt: z.string() })),
);
type TokenFile = z.infer<typeof fileSchema>;

/**
 * `$XDG_CONFIG_HOME/chatflow/customers.json` (default `~/.config/chatflow/customers.json`),
 * per the XDG base directory spec, so a user finds it where other tools keep theirs.
 */
export function tokenFilePath(env: NodeJS.ProcessEnv = process.env): string {
  const configHome = env["XDG_CONFIG_HOME"] || join(homedir(), ".config");
  return join(configHome, "chatflow", "customers.json");
}

/**
 * Customer tokens, keyed by server URL and customer id. The file holds credentials, so it is
 * private to the user (0600, in a 0700 folder) and replaced atomically: a crash mid-write must
 * not lose every stored customer.
 */
export class TokenStore {
  readonly path: string;
  constructor(path: string = tokenFilePath()) {
    this.path = path;
  }

  async get(server: string, customerId: string): Promise<StoredToken | undefined> {
    return (await this.#read())[server]?.[customerId];
  }

  async save(server: string, customerId: string, entry: Omit<StoredToken, "savedAt">): Promise<void> {
    const all = await this.#read();
    all[server] = { ...all[server], [customerId]: { ...entry, savedAt: new Date().toISOString() } };
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    const temporary = `${this.path}.${process.pid}.tmp`;
    await writeFile(temporary, `${JSON.stringify(all, null, 2)}\n`, { mode: 0o600 });
    await chmod(temporary, 0o600); // writeFile's mode only applies when it creates the file
    await rename(temporary, this.path);
  }

  async #read(): Promise<TokenFile> {
    let text: string;
    try {
      text = await readFile(this.path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
      throw new CliError(`cannot read ${this.path}: ${(error as Error).message}`);
    }
    try {
      return fileSchema.parse(JSON.parse(text));
    } catch {
      throw new CliError(`${this.path} is not a valid customers file: fix or delete it (it only holds chat tokens)`);
    }
  }
}
