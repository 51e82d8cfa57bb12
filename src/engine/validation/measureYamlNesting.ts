/**
 * How deeply YAML text nests, estimated in one pass without parsing. The YAML parser recurses
 * per level and takes seconds on a megabyte of `[[[[…`; this lets such a document be refused
 * at once. It over-estimates rather than under-estimates for flows (a bracket in plain text
 * counts), and the limits it is held to are far above anything a real flow needs.
 */
export interface YamlNesting {
  /** Deepest `[`/`{` nesting outside quotes and comments. */
  flow: number;
  /** Widest block indentation, in columns, counting compact `- `/`? `/`: ` indicators as two. */
  indent: number;
}

const QUOTE_MAY_FOLLOW = new Set([" ", "\t", "\n", "[", "{", ","]);

export function measureYamlNesting(text: string): YamlNesting {
  let flow = 0;
  let maxFlow = 0;
  let maxIndent = 0;
  let quote: string | undefined;
  let previous = "\n";
  let i = 0;
  // Stryker disable next-line EqualityOperator: at i === length every branch reads undefined and changes nothing
  while (i < text.length) {
    const c = text[i]!;
    if (quote !== undefined) {
      if (quote === '"' && c === "\\") i += 2;
      else if (c === quote && quote === "'" && text[i + 1] === "'") i += 2;
      else {
        if (c === quote) quote = undefined;
        i += 1;
      }
      // Stryker disable next-line StringLiteral: any character that is not a space, tab, line break or opener does
      previous = "x";
      continue;
    }
    if (previous === "\n" && flow === 0) {
      let indent = 0;
      for (;;) {
        const d = text[i];
        if (d === " " || d === "\t") indent += 1;
        else if ((d === "-" || d === "?" || d === ":") && (text[i + 1] === " " || text[i + 1] === "\t")) indent += 1;
        else break;
        i += 1;
      }
      maxIndent = Math.max(maxIndent, indent);
      previous = " ";
      continue;
    }
    if (c === "#" && (previous === " " || previous === "\t" || previous === "\n")) {
      const end = text.indexOf("\n", i);
      // Stryker disable next-line EqualityOperator: end >= i, and text[i] is "#", so end is never 0
      i = end < 0 ? text.length : end;
      continue;
    }
    if ((c === '"' || c === "'") && QUOTE_MAY_FOLLOW.has(previous)) quote = c;
    else if (c === "[" || c === "{") maxFlow = Math.max(maxFlow, ++flow);
    else if (c === "]" || c === "}") flow = Math.max(0, flow - 1);
    previous = c;
    i += 1;
  }
  return { flow: maxFlow, indent: maxIndent };
}
