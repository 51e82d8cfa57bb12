/**
 * One change to a JSON document: set the value at a JSON pointer, delete it (`undefined`), or
 * append to an array (a pointer ending in `/-`, as in JSON Patch).
 */
export type JsonEdit = [pointer: string, value: unknown];

type Container = Record<string, unknown> | unknown[];

function isContainer(value: unknown): value is Container {
  return typeof value === "object" && value !== null;
}

/** A copy of `document` with the edits applied, for tests that break a valid flow on purpose. */
export function editJson<T>(document: T, edits: readonly JsonEdit[]): T {
  const copy = structuredClone(document);
  for (const [pointer, value] of edits) {
    const keys = pointer.split("/").slice(1);
    const last = keys.pop() as string;
    let parent: unknown = copy;
    for (const key of keys) parent = isContainer(parent) ? (parent as Record<string, unknown>)[key] : undefined;
    if (!isContainer(parent)) throw new Error(`no container at ${pointer}`);
    if (Array.isArray(parent) && last === "-") parent.push(value);
    else if (value === undefined) delete (parent as Record<string, unknown>)[last];
    else (parent as Record<string, unknown>)[last] = value;
  }
  return copy;
}
