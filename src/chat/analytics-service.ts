import { DomainError } from "../domain-error.ts";
import type { Store } from "../storage/store.ts";
import type { FlowCatalog } from "./flow-catalog.ts";

/** What an operator asks for: every field optional (docs/PROTOCOL.md, Insight). */
export interface AnalyticsRequest {
  /** @default the active flow version */
  version?: number | undefined;
  /** Counts sessions created at or after it. @default no lower bound */
  from?: Date | undefined;
  /** Counts sessions created before it. @default no upper bound */
  to?: Date | undefined;
}

/** One block of the flow: how many customers reached it, and how many stopped there. */
export interface BlockAnalytics {
  blockId: string;
  /** Distinct sessions with an `entered` step at the block: customers, not visits (a loop counts once). */
  entered: number;
  /**
   * Sessions that entered the block and whose conversation stopped there: not ended, and the
   * block is where they are waiting now (dropped off, or still answering). The rest of `entered`
   * went on: to another block, or to the end of the conversation at this block.
   */
  leftTheConversation: number;
}

/** The report of one flow version (same shape on REST, GraphQL and the CLI). */
export interface FlowAnalytics {
  version: number;
  /** Sessions started on this version (in the window, when one is given). */
  conversations: number;
  /** Of them, sessions with status ENDED. */
  ended: number;
  /** Of them, sessions that ever reached a handoff block (a handoff status, whatever it is now). */
  handoffs: number;
  /** `intent` steps with `matched: false` over all `intent` steps; 0 when there were none. */
  noMatchRate: number;
  feedback: { count: number; averageRating: number | null; positive: number; neutral: number; negative: number };
  /** Every block of the version, in the order the flow lists them, zeros included. */
  blocks: BlockAnalytics[];
}

// Versions are positive 32-bit integers in storage: anything else names no version.
const MAX_VERSION = 2_147_483_647;

/** The version a report is about (the active one unless named); `NOT_FOUND` when it does not exist. */
export async function findReportedFlow(flows: FlowCatalog, requested: number | undefined) {
  const version = requested ?? (await flows.active()).version.version;
  if (!Number.isInteger(version) || version < 1 || version > MAX_VERSION) {
    throw new DomainError("NOT_FOUND", `flow version ${version} does not exist`);
  }
  return { version, flow: await flows.flow(version) };
}

/** Analytics per flow version, computed by the database (REST, GraphQL and the CLI share it). */
export class AnalyticsService {
  readonly #store: Store;
  readonly #flows: FlowCatalog;

  constructor(deps: { store: Store; flows: FlowCatalog }) {
    this.#store = deps.store;
    this.#flows = deps.flows;
  }

  async report(request: AnalyticsRequest): Promise<FlowAnalytics> {
    const { from, to } = request;
    if (from && to && from.getTime() > to.getTime()) {
      throw new DomainError("BAD_REQUEST", "from must not be later than to");
    }
    const { version, flow } = await findReportedFlow(this.#flows, request.version);
    const counts = await this.#store.countAnalytics({ version, from, to });
    const byBlock = new Map(counts.blocks.map((block) => [block.blockId, block]));
    return {
      version,
      conversations: counts.conversations,
      ended: counts.ended,
      handoffs: counts.handoffs,
      noMatchRate: counts.intentSteps === 0 ? 0 : counts.unmatchedIntentSteps / counts.intentSteps,
      feedback: counts.feedback,
      blocks: flow.blocks.map(({ id }) => ({
        blockId: id,
        entered: byBlock.get(id)?.entered ?? 0,
        leftTheConversation: byBlock.get(id)?.leftTheConversation ?? 0,
      })),
    };
  }
}
