/** Where the data lives, decided once from `DATABASE_URL` (README, Configuration). */
export type DatabaseTarget =
  { kind: "pglite"; dataDir: string } | { kind: "pglite-memory" } | { kind: "postgres"; url: string };

export const DEFAULT_DATA_DIR = "./data/pglite";

export type TargetParse = { ok: true; target: DatabaseTarget } | { ok: false; reason: string };

/** Parses a `DATABASE_URL`: unset or `file:<dir>`, `memory:`, `postgres://` / `postgresql://`. */
export function parseDatabaseTarget(value: string | undefined): TargetParse {
  const url = value?.trim() ?? "";
  if (url === "") return { ok: true, target: { kind: "pglite", dataDir: DEFAULT_DATA_DIR } };
  if (url === "memory:" || url === "memory://") return { ok: true, target: { kind: "pglite-memory" } };
  if (url.startsWith("file:")) {
    const dataDir = url.slice("file:".length).replace(/^\/\/(?=\/)/, "");
    if (dataDir === "") return { ok: false, reason: "file: needs a directory, as in file:./data/pglite" };
    return { ok: true, target: { kind: "pglite", dataDir } };
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    if (!URL.canParse(url) || new URL(url).hostname === "") {
      return { ok: false, reason: "is not a valid postgres:// URL (postgres://user:password@host:5432/database)" };
    }
    return { ok: true, target: { kind: "postgres", url } };
  }
  return {
    ok: false,
    reason: `unsupported scheme in "${url.split(":")[0]}:"; use file:<dir>, memory: or postgres://…`,
  };
}

/** A description safe to log: no password. */
export function describeTarget(target: DatabaseTarget): string {
  if (target.kind === "pglite") return `embedded PGlite in ${target.dataDir}`;
  if (target.kind === "pglite-memory") return "embedded PGlite in memory";
  const url = new URL(target.url);
  if (url.password) url.password = "***";
  return `PostgreSQL at ${url.toString()}`;
}
