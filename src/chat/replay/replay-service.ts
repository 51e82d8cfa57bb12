import { DomainError } from "../../domain-error.ts";
import { validateFlow, type FlowProblem, type RunnableFlow } from "../../engine/index.ts";
import type { Store } from "../../storage/store.ts";
import type { FlowCatalog, FlowFormat } from "../flow-catalog.ts";
import type { Divergence } from "./find-divergence.ts";
import type { OfflineClassifiers } from "./replay-ports.ts";
import { replaySession, type IntentCounts } from "./replay-session.ts";

/** The answer of a replay (same shape on REST, GraphQL and the CLI; docs/PROTOCOL.md, Insight). */
export interface ReplayReport {
  /** Stored sessions replayed: the newest `last`, fewer when fewer are stored. */
  sessions: number;
  /** Of them, sessions whose path or bot lines differ somewhere. */
  diverged: number;
  /** One per diverging session, at its first divergence, newest session first. */
  divergences: (Divergence & { sessionId: string })[];
  /** `intent` decisions that went to `noMatch` over all of them, as stored and as replayed; 0 when there were none. */
  noMatchRate: { before: number; after: number };
  /** Sessions whose stored rows do not add up to turns (written by hand, say): not replayed, not counted. */
  skipped: number;
}

export type ReplayOutcome =
  | { ok: true; report: ReplayReport; warnings: FlowProblem[] }
  | { ok: false; errors: FlowProblem[]; warnings: FlowProblem[] };

export interface ReplayServiceDeps {
  store: Store;
  flows: FlowCatalog;
  /** The offline intent and sentiment classifiers: a replay never asks an LLM. */
  offline: OfflineClassifiers;
  /** Sessions read from the database at a time. @default 200 */
  pageSize?: number;
}

/**
 * Replays stored conversations against a candidate flow before it goes live: validated as an
 * upload is, stored nowhere, run with the pure engine a page of sessions at a time (memory
 * stays one page, whatever `last` is), and nothing written.
 */
export class ReplayService {
  readonly #deps: Required<ReplayServiceDeps>;
  /** One replay at a time per instance: each reads up to 10,000 sessions and runs on the thread turns run on. */
  #running = false;

  constructor(deps: ReplayServiceDeps) {
    this.#deps = { pageSize: 200, ...deps };
  }

  /** The candidate as `POST /config` takes it: its text, JSON or YAML. */
  async replay(request: { text: string; format: FlowFormat; last: number }): Promise<ReplayOutcome> {
    const checked = this.#deps.flows.check(request.text, request.format);
    if (!checked.ok) return checked;
    // The checksum names the candidate for the classifier's per-flow caches, apart from stored versions.
    const candidate = { ...checked.flow, version: `replay-${checked.checksum.slice(7, 19)}` };
    if (this.#running)
      throw new DomainError("RATE_LIMITED", "a replay is already running on this server; try again when it ends");
    this.#running = true;
    try {
      return { ok: true, report: await this.#run(candidate, request.last), warnings: checked.warnings };
    } finally {
      this.#running = false;
    }
  }

  /** The candidate as GraphQL takes it: a parsed document, validated before it is serialised (as `uploadDocument`). */
  async replayDocument(document: unknown, last: number): Promise<ReplayOutcome> {
    const checked = validateFlow(document);
    if (!checked.ok) return checked;
    return this.replay({ text: JSON.stringify(document), format: "json", last });
  }

  async #run(candidate: RunnableFlow, last: number): Promise<ReplayReport> {
    const { store, flows, offline, pageSize } = this.#deps;
    const ids = await store.listNewestSessionIds(last);
    const report: ReplayReport = {
      sessions: 0,
      diverged: 0,
      divergences: [],
      noMatchRate: { before: 0, after: 0 },
      skipped: 0,
    };
    const before: IntentCounts = { intents: 0, unmatched: 0 };
    const after: IntentCounts = { intents: 0, unmatched: 0 };
    for (let start = 0; start < ids.length; start += pageSize) {
      for (const record of await store.loadReplaySessions(ids.slice(start, start + pageSize))) {
        const stored = await flows.flow(record.flowVersion);
        const replayed = await replaySession(record, { candidate, stored }, offline);
        if (!replayed) {
          report.skipped++;
          continue;
        }
        report.sessions++;
        add(before, replayed.before);
        add(after, replayed.after);
        if (replayed.divergence) {
          report.diverged++;
          report.divergences.push({ sessionId: record.id, ...replayed.divergence });
        }
      }
    }
    report.noMatchRate = { before: rate(before), after: rate(after) };
    return report;
  }
}

function add(total: IntentCounts, counts: IntentCounts): void {
  total.intents += counts.intents;
  total.unmatched += counts.unmatched;
}

const rate = (counts: IntentCounts) => (counts.intents === 0 ? 0 : counts.unmatched / counts.intents);
