/**
 * `chatflow history alice | head -1`: once the reader of the output is gone nothing more can be
 * shown, so the command ends quietly with exit 0 (as a pipeline's reader expects of a writer)
 * instead of Node's EPIPE stack and exit 1. Any other stream error is still a bug and crashes.
 */
export function endQuietlyOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE") throw error;
      process.exit(0);
    });
  }
}
