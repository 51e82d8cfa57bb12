import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { listMarkdownAnchors, listMarkdownLinks } from "../utils/markdown-links.ts";

const ROOT = resolve(import.meta.dirname, "../..");
/** Installed packages, generated code and run output: not the project's documents. */
const SKIPPED_DIRS = new Set(["node_modules", ".git", "data", "coverage", "test-results", "generated"]);
/** Where code, tests and docs live; any of them might cite the contract. */
const SOURCE_DIRS = ["src", "cli", "scripts", "test", "flows", "bench", "docs", ".ci"];

function listFiles(dir: string, keep: (name: string) => boolean): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return SKIPPED_DIRS.has(entry.name) ? [] : listFiles(join(dir, entry.name), keep);
    return keep(entry.name) ? [join(dir, entry.name)] : [];
  });
}

/** Why a link in `file` is broken, or undefined when its target (and anchor) exist in the repository. */
function checkLink(file: string, target: string): string | undefined {
  // The documents stand alone: a web link is only to the server a reader runs on this machine.
  if (/^[a-z][a-z\d+.-]*:/i.test(target))
    return /^(https?|wss?):\/\/(127\.0\.0\.1|localhost)(:\d+)?(\/|$)/.test(target)
      ? undefined
      : "links outside the repository: say it in the project's own words";
  if (target.startsWith("/")) return "is absolute: link relative to the file instead";
  const [rawPath = "", anchor] = target.split("#", 2);
  const path = decodeURIComponent(rawPath);
  const resolved = path === "" ? file : resolve(dirname(file), path);
  const inRepo = relative(ROOT, resolved);
  if (inRepo.startsWith("..")) return "leaves the repository";
  if (!existsSync(resolved)) return `points at ${inRepo}, which does not exist`;
  if (anchor === undefined || !resolved.endsWith(".md") || statSync(resolved).isDirectory()) return undefined;
  if (!listMarkdownAnchors(readFileSync(resolved, "utf8")).has(anchor)) return `has no heading #${anchor} in ${inRepo}`;
  return undefined;
}

describe("the repository's documents", () => {
  const markdownFiles = listFiles(ROOT, (name) => name.endsWith(".md"));

  it("should link only to files and headings that exist inside the repository", () => {
    expect(markdownFiles.map((file) => relative(ROOT, file))).toEqual(
      expect.arrayContaining(["README.md", "docs/PROTOCOL.md", "docs/FLOW-FORMAT.md"]),
    );
    const broken = markdownFiles.flatMap((file) =>
      listMarkdownLinks(readFileSync(file, "utf8")).flatMap(({ target, line }) => {
        const problem = checkLink(file, target);
        return problem ? [`${relative(ROOT, file)}:${line} (${target}) ${problem}`] : [];
      }),
    );
    expect(broken).toEqual([]);
  });

  it("should cite the repository's own documents, not a contract outside it", () => {
    const outside = /SPEC §|SPEC\.md|shared\/SPEC/;
    const files = [
      ...markdownFiles.filter((file) => dirname(file) === ROOT),
      ...SOURCE_DIRS.filter((dir) => existsSync(join(ROOT, dir))).flatMap((dir) =>
        listFiles(join(ROOT, dir), (name) => /\.(ts|mjs|js|md|graphql|ya?ml|json)$|^run$/.test(name)),
      ),
    ].filter((file) => file !== import.meta.filename);
    const citing = files.flatMap((file) =>
      readFileSync(file, "utf8")
        .split("\n")
        .flatMap((text, index) => (outside.test(text) ? [`${relative(ROOT, file)}:${index + 1}: ${text.trim()}`] : [])),
    );
    expect(citing).toEqual([]);
  });
});

describe("the link check", () => {
  it("should find links outside code, and GitHub's anchors for headings", () => {
    const markdown = [
      "## GraphQL: `/graphql`",
      "## After `ended`",
      "## Limits",
      "## Limits",
      "See [a](docs/A.md#x), ![b](img.png 'title') and `[c](not-a-link.md)`.",
      "```",
      "[d](in-a-fence.md)",
      "```",
      "[e]: ../outside.md",
    ].join("\n");
    expect(listMarkdownLinks(markdown)).toEqual([
      { target: "docs/A.md#x", line: 5 },
      { target: "img.png", line: 5 },
      { target: "../outside.md", line: 9 },
    ]);
    expect([...listMarkdownAnchors(markdown)]).toEqual(["graphql-graphql", "after-ended", "limits", "limits-1"]);
  });

  it("should refuse a link that leaves the repository, a missing file and a missing anchor", () => {
    const readme = join(ROOT, "README.md");
    expect(checkLink(readme, "../shared/SPEC.md")).toBe("leaves the repository");
    expect(checkLink(readme, "docs/NOPE.md")).toMatch(/does not exist/);
    expect(checkLink(readme, "docs/PROTOCOL.md#no-such-heading")).toMatch(/has no heading/);
    expect(checkLink(readme, "#limits-and-security")).toBeUndefined();
    expect(checkLink(readme, "docs/PROTOCOL.md#turns")).toBeUndefined();
  });
});
