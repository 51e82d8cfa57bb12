import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { promisify } from "node:util";
import { HANG_MS } from "./patience.ts";

const run = promisify(execFile);

export const TMUX = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/opt/homebrew/bin/tmux"].find((path) => existsSync(path));

const quote = (word: string) => `'${word.replaceAll("'", `'\\''`)}'`;

/**
 * A real pseudo-terminal for interactive tests: a tmux session on a private server socket (so
 * it never meets a user's own tmux), driven with send-keys and read with capture-pane.
 */
export class TmuxSession {
  readonly #socket = `chatflow-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

  /** Runs `argv` with `env` in a 120×30 terminal; its exit code is printed as `[exit N]`. */
  async start(argv: string[], env: Record<string, string>, cwd: string): Promise<void> {
    // The pane's shell may reset PATH from its profile, so the environment is set by `env`.
    const command = [
      "cd",
      quote(cwd),
      "&&",
      "env",
      ...Object.entries(env).map(([key, value]) => quote(`${key}=${value}`)),
      ...argv.map(quote),
      '; echo "[exit $?]"; sleep 60',
    ].join(" ");
    await this.#tmux("new-session", "-d", "-x", "120", "-y", "30", command);
  }

  async type(text: string): Promise<void> {
    await this.#tmux("send-keys", "-l", text);
    await this.#tmux("send-keys", "Enter");
  }

  async keys(...keys: string[]): Promise<void> {
    await this.#tmux("send-keys", ...keys);
  }

  async screen(): Promise<string> {
    return (await this.#tmux("capture-pane", "-p")).stdout;
  }

  /** Polls the screen until `test` holds; bounded, and the error shows what was on screen. */
  async waitFor(test: (screen: string) => boolean, timeoutMs = HANG_MS): Promise<string> {
    const started = Date.now();
    for (;;) {
      const screen = await this.screen();
      if (test(screen)) return screen;
      if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for the screen; it shows:\n${screen}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async kill(): Promise<void> {
    await this.#tmux("kill-server").catch(() => {});
  }

  #tmux(...args: string[]) {
    return run(TMUX ?? "tmux", ["-L", this.#socket, ...args]);
  }
}
