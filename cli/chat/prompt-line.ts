import { clearLine, cursorTo, type Interface } from "node:readline";

/**
 * The prompt line while the person may be typing. Frames the server pushes unasked (a timer's
 * reminder, an operator's message, a handoff note) are printed above it: the line is cleared,
 * the frame printed, and the prompt drawn again with what was typed so far, so neither the
 * frame nor the half-typed answer is broken up.
 */
export class PromptLine {
  #shown: Interface | undefined;

  /** Shows `rl`'s prompt; frames printed from now on go above it. */
  show(rl: Interface): void {
    this.#shown = rl;
    rl.prompt();
  }

  /** The person pressed Enter: what is printed now belongs to their turn, below their line. */
  hide(): void {
    this.#shown = undefined;
  }

  /** Runs `print` above the prompt when one is shown, else as it is. */
  printAbove(print: () => void): void {
    const rl = this.#shown;
    if (!rl) return print();
    clearLine(process.stdout, 0);
    cursorTo(process.stdout, 0);
    print();
    rl.prompt(true);
  }
}
