import type { ChildProcess } from "node:child_process";

/**
 * Sends `command` to a child process (over IPC) and waits for its answer of type `answer`; a
 * `fatal` message, an exit or the deadline rejects. `who` names the child in the errors.
 */
export function requestChild<M extends { type: string; message?: string }, T extends M["type"]>(
  who: string,
  child: ChildProcess,
  command: unknown,
  answer: T,
  deadlineMs: number,
): Promise<Extract<M, { type: T }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`${who}: no "${answer}" within ${deadlineMs} ms`)), deadlineMs);
    const onMessage = (message: M) => {
      if (message.type === answer) finish(undefined, message as Extract<M, { type: T }>);
      else if (message.type === "fatal") finish(new Error(`${who} failed: ${message.message}`));
    };
    const onExit = (code: number | null) => finish(new Error(`${who} exited (${code}) before "${answer}"`));
    function finish(error: Error | undefined, message?: Extract<M, { type: T }>) {
      clearTimeout(timer);
      child.off("message", onMessage);
      child.off("exit", onExit);
      if (error) reject(error);
      else resolve(message!);
    }
    child.on("message", onMessage);
    child.once("exit", onExit);
    child.send(command as never);
  });
}
