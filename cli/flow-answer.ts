import { CliError } from "./cli-error.ts";
import { problemLine, warn } from "./print.ts";

interface Problem {
  path: string;
  code: string;
  message: string;
}

/** The parts of an answer about an uploaded flow (`POST /config`, `POST /config/replay`) that speak of its problems. */
export interface FlowAnswer {
  error?: string;
  message?: string;
  errors?: Problem[];
  warnings?: Problem[];
}

/**
 * Prints the warnings; a `400` prints one line per problem, path first, so an editor or grep
 * can jump to it, and fails with `refused(count)` (a 400 about something else: its message).
 */
export function checkFlowAnswer(status: number, body: FlowAnswer, refused: (problems: string) => string): void {
  for (const problem of body.warnings ?? []) warn(`warning: ${problemLine(problem)}`);
  if (status !== 400) return;
  if (body.error !== "INVALID_FLOW") throw new CliError(`the server answered 400 ${body.error}: ${body.message}`);
  for (const problem of body.errors ?? []) process.stderr.write(`${problemLine(problem)}\n`);
  const count = body.errors?.length ?? 0;
  throw new CliError(refused(`${count} problem${count === 1 ? "" : "s"}`));
}
