import { DomainError } from "../domain-error.ts";
import { describeUnstorableText, pendingTimer, type SessionState } from "../engine/index.ts";
import type { EventBus } from "../events/event-bus.ts";
import type { StoredOperator } from "../storage/records.ts";
import type { Store } from "../storage/store.ts";
import { createCustomerToken, customerTokenMatches, hashCustomerToken } from "./customer-tokens.ts";
import type { FlowCatalog } from "./flow-catalog.ts";
import { presentHandoff, publishHandoff } from "./handoff-records.ts";

/** An operator as listed: never its token or the token's hash. */
export interface OperatorInfo {
  id: string;
  name: string;
  createdAt: string;
}

/**
 * Operators who work the handoff queue with their own token. Tokens are made and kept like
 * customer tokens: 256 random bits, shown once, stored as a sha256 hash, compared in constant
 * time. Nothing is cached, so a removed operator's token fails on its very next request.
 */
export class OperatorDirectory {
  readonly #store: Store;
  readonly #bus: EventBus;
  readonly #flows: Pick<FlowCatalog, "flow">;
  readonly #now: () => Date;
  readonly #onTimerSet: (dueAt: Date) => void;

  constructor(deps: {
    store: Store;
    bus: EventBus;
    flows: Pick<FlowCatalog, "flow">;
    now?: () => Date;
    /** A requeued conversation's handoff timer was set again (the timer scheduler's `nudge`). */
    onTimerSet?: (dueAt: Date) => void;
  }) {
    this.#store = deps.store;
    this.#bus = deps.bus;
    this.#flows = deps.flows;
    this.#now = deps.now ?? (() => new Date());
    this.#onTimerSet = deps.onTimerSet ?? (() => {});
  }

  async add(name: string): Promise<OperatorInfo & { token: string }> {
    const token = createCustomerToken();
    const operator = { id: crypto.randomUUID(), name, tokenHash: hashCustomerToken(token), createdAt: this.#now() };
    await this.#store.createOperator(operator);
    return { ...present(operator), token };
  }

  async list(): Promise<OperatorInfo[]> {
    return (await this.#store.listOperators()).map(present);
  }

  /**
   * Removes the operator; what it held goes back to the queue, with the `handoff` block's
   * timeout counted anew (the claim had cancelled it), and its live subscriptions end.
   */
  async remove(id: string): Promise<void> {
    if (describeUnstorableText(id) !== undefined || !(await this.#store.deleteOperator(id)))
      throw new DomainError("NOT_FOUND", `operator ${id} does not exist`);
    this.#bus.publish({ kind: "handoff" }, { kind: "operator-removed", operatorId: id });
    const now = this.#now();
    for (const session of await this.#store.requeueOperatorSessions(id, now)) {
      publishHandoff(this.#bus, presentHandoff(session)!, "operator");
      const timer = pendingTimer(await this.#flows.flow(session.flowVersion), session.state as SessionState);
      const dueAt = timer && new Date(now.getTime() + timer.afterMs);
      if (dueAt && (await this.#store.rearmQueuedTimer(session.id, dueAt))) this.#onTimerSet(dueAt);
    }
  }

  /** The operator a bearer token belongs to, if any. */
  async authenticate(token: string | undefined): Promise<StoredOperator | null> {
    if (!token) return null;
    const operator = await this.#store.findOperatorByTokenHash(hashCustomerToken(token));
    return operator && customerTokenMatches(token, operator.tokenHash) ? operator : null;
  }
}

function present(operator: StoredOperator): OperatorInfo {
  return { id: operator.id, name: operator.name, createdAt: operator.createdAt.toISOString() };
}
