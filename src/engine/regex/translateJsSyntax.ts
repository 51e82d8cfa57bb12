const HEX4 = /^[0-9A-Fa-f]{4}$/;
const BRACED_HEX = /^\{([0-9A-Fa-f]{1,6})\}/;
// JavaScript's empty class matches nothing and its negation anything; RE2 has neither spelling.
const NOTHING = String.raw`[^\x00-\x{10FFFF}]`;
const ANYTHING = String.raw`[\x00-\x{10FFFF}]`;

function readUnicodeEscape(source: string, at: number): { codePoint: number; end: number } | null {
  const braced = BRACED_HEX.exec(source.slice(at + 2, at + 11));
  if (braced) return { codePoint: Number.parseInt(braced[1] ?? "", 16), end: at + 2 + braced[0].length };
  const hex = source.slice(at + 2, at + 6);
  return HEX4.test(hex) ? { codePoint: Number.parseInt(hex, 16), end: at + 6 } : null;
}

/** `\uXXXX` or `\u{X…}` at `at` (a surrogate pair as one character) as RE2's `\x{X…}`. */
function translateEscape(source: string, at: number): { text: string; end: number } {
  const escape = source[at + 1] === "u" ? readUnicodeEscape(source, at) : null;
  if (escape === null) return { text: source.slice(at, at + 2), end: at + 2 };
  let { codePoint, end } = escape;
  const pairs = codePoint >= 0xd800 && codePoint <= 0xdbff && source.startsWith(String.raw`\u`, end);
  const low = pairs ? readUnicodeEscape(source, end) : null;
  if (low !== null && low.codePoint >= 0xdc00 && low.codePoint <= 0xdfff) {
    codePoint = 0x10000 + ((codePoint - 0xd800) << 10) + (low.codePoint - 0xdc00);
    end = low.end;
  }
  return { text: String.raw`\x{${codePoint.toString(16)}}`, end };
}

/**
 * Rewrites the common JavaScript spellings RE2 does not read: `\uXXXX` and `\u{X…}` escapes,
 * the empty class `[]` and the any-character class `[^]`. Everything else is left for RE2 to
 * accept or refuse. Linear: one pass, each escape read once.
 */
export function translateJsSyntax(source: string): string {
  let out = "";
  let inClass = false;
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (c === "\\") {
      const escape = translateEscape(source, i);
      out += escape.text;
      i = escape.end;
    } else if (!inClass && source.startsWith("[]", i)) {
      out += NOTHING;
      i += 2;
    } else if (!inClass && source.startsWith("[^]", i)) {
      out += ANYTHING;
      i += 3;
    } else {
      if (c === "[") inClass = true;
      else if (c === "]") inClass = false;
      out += c;
      i += 1;
    }
  }
  return out;
}
