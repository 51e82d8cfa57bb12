/** A link written in a Markdown file: its target as written, and the line it is on. */
export interface MarkdownLink {
  target: string;
  line: number;
}

const FENCE = /^\s{0,3}(```|~~~)/;
const INLINE_LINK =
  /!?\[(?:[^\]\\]|\\.)*\]\(\s*<?([^()\s<>]*(?:\([^()\s]*\)[^()\s<>]*)*)>?(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)/g;
const REFERENCE_DEFINITION = /^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$/;
const HEADING = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
const HTML_ANCHOR = /<a\s+(?:[^>]*\s)?(?:name|id)="([^"]+)"/g;

/** Lines outside fenced code blocks; inline code spans blanked out unless kept (links in code are examples). */
function proseLines(markdown: string, keepCode = false): Array<{ text: string; line: number }> {
  const lines: Array<{ text: string; line: number }> = [];
  let fence: string | undefined;
  markdown.split("\n").forEach((text, index) => {
    const opener = FENCE.exec(text)?.[1];
    if (fence) {
      if (opener === fence) fence = undefined;
      return;
    }
    if (opener) {
      fence = opener;
      return;
    }
    const prose = keepCode ? text : text.replace(/(`+)[^`]*?\1/g, (span) => " ".repeat(span.length));
    lines.push({ text: prose, line: index + 1 });
  });
  return lines;
}

/** Every inline link, image and reference definition outside code. */
export function listMarkdownLinks(markdown: string): MarkdownLink[] {
  return proseLines(markdown).flatMap(({ text, line }) => {
    const inline = [...text.matchAll(INLINE_LINK)].map((match) => ({ target: match[1] ?? "", line }));
    const reference = REFERENCE_DEFINITION.exec(text)?.[1];
    return reference ? [...inline, { target: reference, line }] : inline;
  });
}

/**
 * The anchors GitHub gives a file's headings (lower case, punctuation dropped, spaces to
 * hyphens, `-1`, `-2` … for repeats), plus explicit `<a name|id="…">` anchors.
 */
export function listMarkdownAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const { text } of proseLines(markdown)) {
    for (const match of text.matchAll(HTML_ANCHOR)) if (match[1]) anchors.add(match[1]);
  }
  // Headings keep their code spans: "## GraphQL: `/graphql`" is anchored as "graphql-graphql".
  for (const { text } of proseLines(markdown, true)) {
    const heading = HEADING.exec(text)?.[2];
    if (heading === undefined) continue;
    const base = slugify(heading);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

function slugify(heading: string): string {
  return heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "")
    .replaceAll(" ", "-");
}
