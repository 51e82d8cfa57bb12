// `npm run eval -- --only <set>` measures one domain set; a name it does not know must say so
// rather than quietly measure no domain set at all.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { domainParts } from "../../scripts/eval/domains.ts";

const root = path.join(import.meta.dirname, "../..");

describe("npm run eval's options", () => {
  it("should refuse a domain set it does not know, naming the ones it does", () => {
    const run = spawnSync(
      process.execPath,
      ["--disable-warning=ExperimentalWarning", "scripts/eval.ts", "--only", "tunning"],
      {
        cwd: root,
        encoding: "utf8",
      },
    );
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("--only tunning: no such domain set");
    for (const part of domainParts) expect(run.stderr).toContain(part);
  });
});
