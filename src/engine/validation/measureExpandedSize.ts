/**
 * About how many characters `JSON.stringify(value)` would write, without writing them. A YAML
 * alias makes one object appear in several places; serialising (to store the flow, to answer
 * `GET /config`) writes it out once per place, so it counts once per place here too, while its
 * own contents are measured only once. Stops as soon as the count passes `limit` and answers
 * `Infinity` then, and for a cycle (an alias inside its own anchor), which would never end.
 * Iterative: aliases can chain objects deeper than the stack would allow.
 */
export function measureExpandedSize(root: unknown, limit: number): number {
  const sizes = new Map<object, number>();
  const open = new Set<object>();
  const sizeOf = (value: unknown): number | undefined =>
    typeof value === "object" && value !== null ? sizes.get(value) : leafSize(value);
  const pending: object[] = [];
  if (typeof root === "object" && root !== null) pending.push(root);
  while (pending.length > 0) {
    const node = pending.at(-1)!;
    if (sizes.has(node)) {
      pending.pop();
      continue;
    }
    const entries = Array.isArray(node) ? node.map((item) => ["", item] as const) : Object.entries(node);
    const unmeasured = entries.filter(([, item]) => sizeOf(item) === undefined).map(([, item]) => item as object);
    if (unmeasured.length > 0) {
      if (open.has(node)) return Infinity; // its children are pending below it: one of them leads back here
      open.add(node);
      pending.push(...unmeasured);
      continue;
    }
    open.delete(node);
    let size = 2 + Math.max(0, entries.length - 1);
    for (const [key, item] of entries) size += (Array.isArray(node) ? 0 : key.length + 3) + (sizeOf(item) ?? 0);
    if (size > limit) return Infinity;
    sizes.set(node, size);
    pending.pop();
  }
  return sizeOf(root) ?? Infinity;
}

function leafSize(value: unknown): number {
  if (typeof value === "string") return value.length + 2;
  return String(value).length;
}
