import {
  groupByNormalisedText,
  tallyLines,
  type LineGroup,
  type TalliedLine,
} from "../ai/offline/group-similar-lines.ts";
import type { Store } from "../storage/store.ts";
import { findReportedFlow } from "./analytics-service.ts";
import type { FlowCatalog } from "./flow-catalog.ts";

/** The customer lines no intent caught, grouped (docs/PROTOCOL.md, Insight). */
export interface UnmatchedLines {
  version: number;
  /** `similarity`: by the offline sentence embeddings; `text`: by normalised text, the model being unavailable. */
  groupedBy: "similarity" | "text";
  /** Biggest first. */
  groups: LineGroup[];
}

export interface UnmatchedServiceOptions {
  store: Store;
  flows: FlowCatalog;
  /** Groups lines by meaning (the AI ports' `groupLines`). @default none: lines are grouped by normalised text */
  groupLines?: ((lines: TalliedLine[]) => Promise<LineGroup[] | undefined>) | undefined;
  /**
   * The most recent unmatched lines a report reads. Each distinct line costs an embedding (a few
   * milliseconds in the NLP worker) and comparisons with every group. @default 1000
   */
  maxLines?: number;
}

/** Which intents are missing: the lines that went to an intent block's `noMatch`, grouped by topic. */
export class UnmatchedService {
  readonly #options: UnmatchedServiceOptions;

  constructor(options: UnmatchedServiceOptions) {
    this.#options = options;
  }

  async report(request: { version?: number | undefined }): Promise<UnmatchedLines> {
    const { store, flows, groupLines, maxLines = 1000 } = this.#options;
    const { version } = await findReportedFlow(flows, request.version);
    const lines = tallyLines(await store.selectUnmatchedLines({ version, limit: maxLines }));
    if (lines.length === 0) return { version, groupedBy: groupLines ? "similarity" : "text", groups: [] };
    const bySimilarity = await groupLines?.(lines);
    if (bySimilarity) return { version, groupedBy: "similarity", groups: bySimilarity };
    return { version, groupedBy: "text", groups: groupByNormalisedText(lines) };
  }
}
