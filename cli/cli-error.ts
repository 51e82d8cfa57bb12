/**
 * A failure the user can act on: `main.ts` prints its message as one line on stderr and exits
 * with `exitCode`, without a stack trace. Anything else that is thrown is a bug.
 */
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.name = "CliError";
    this.exitCode = exitCode;
  }
}
