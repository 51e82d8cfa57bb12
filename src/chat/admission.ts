import { DomainError, rateLimited } from "../domain-error.ts";
import type { Creation, CreationGate } from "../limits/creation-limiter.ts";
import type { ReturningCustomer } from "../storage/admission-queries.ts";
import type { StoredCustomer, StoredSession } from "../storage/records.ts";
import type { Store } from "../storage/store.ts";
import { BatchedCalls } from "./batched-calls.ts";
import { createCustomerToken, hashCustomerToken } from "./customer-tokens.ts";
import { identifyCustomer, type IdentityClaim } from "./identify-customer.ts";

export interface ConnectRequest extends IdentityClaim {
  /** The client's address: creating customers and sessions is limited per address. */
  address: string;
  name?: string | undefined;
  /** Resume the customer's active session if there is one. @default true */
  resume?: boolean;
}

/** A customer let in by `admit`: who it is, and its active session (`null`: a new one starts, already paid for). */
export interface Admission {
  customer: StoredCustomer;
  /** The customer's token when this connect made or proved it (for the client to keep). */
  token: string | undefined;
  active: StoredSession | null;
}

export interface CustomerAdmissionDeps {
  store: Store;
  newId: () => string;
  /** Limits creating customers and sessions per client address. */
  creations: CreationGate;
  /** `CUSTOMER_ID_SECRET`: with it, a client that chooses its customerId must sign it. */
  customerIdSecret: string | undefined;
}

/** Most connects looked up (or customers created) in one batch. */
const ADMISSION_BATCH = 100;

/**
 * Who may talk, and what it may create: authenticates a connecting customer (or creates it)
 * and charges every customer and session about to be created to the client's address.
 * Connects arriving together are looked up, and their new customers created, in batches
 * (`BatchedCalls`): a reconnect storm after a restart costs a few queries, not thousands, and
 * never more than one of them waits at the database ahead of the turns of customers talking.
 */
export class CustomerAdmission {
  readonly #deps: CustomerAdmissionDeps;
  readonly #returning: BatchedCalls<string, ReturningCustomer | undefined>;
  readonly #creating: BatchedCalls<StoredCustomer, boolean>;

  constructor(deps: CustomerAdmissionDeps) {
    this.#deps = deps;
    // A hundred at a time: each batch's connections are then served in one go, and the talking
    // customers' frames get their turn between batches.
    this.#returning = new BatchedCalls((ids) => deps.store.findReturningCustomers(ids), ADMISSION_BATCH);
    this.#creating = new BatchedCalls((customers) => deps.store.createCustomers(customers), ADMISSION_BATCH);
  }

  /**
   * Checks who the client is (creating the customer if new) and finds the session it resumes.
   * Whatever it is about to create, customer or session, is charged to the client's address
   * first: past the limit it is `RATE_LIMITED` and nothing is created.
   */
  async admit(request: ConnectRequest): Promise<Admission> {
    const { store } = this.#deps;
    // The active session is read with the customer (one batch, both queries), used only once the token proved it.
    const found = request.customerId ? await this.#returning.call(request.customerId) : undefined;
    const identity = identifyCustomer(request, found?.customer ?? null, this.#deps.customerIdSecret);
    if (identity.status === "refused") throw new DomainError("UNAUTHORIZED", identity.message);
    if (identity.status === "returning") {
      const { customer } = identity;
      const active = request.resume !== false ? (found?.active ?? null) : null;
      if (!active) this.charge(request.address, "session");
      if (identity.retoken) await store.updateCustomerTokenHash(customer.id, customer.tokenHash);
      if (request.name && request.name !== customer.name) await store.renameCustomer(customer.id, request.name);
      return { customer: { ...customer, name: request.name || customer.name }, token: identity.token, active };
    }
    this.charge(request.address, "customer-and-session");
    const token = identity.token ?? createCustomerToken();
    const id = identity.customerId ?? this.#deps.newId();
    const customer = { id, name: request.name || null, tokenHash: hashCustomerToken(token) };
    if (!(await this.#creating.call(customer)))
      throw new DomainError("UNAUTHORIZED", "this customer exists: connect with its customerToken");
    return { customer, token, active: null };
  }

  /** Charges `creation` to `address`, or refuses it with `RATE_LIMITED` (and Retry-After). */
  charge(address: string, creation: Creation): void {
    const { creations } = this.#deps;
    if (!creations.tryCreate(address, creation))
      throw rateLimited(
        "too many new conversations from this address: nothing was created; try again in a little while",
        creations.retryAfterSeconds(address, creation),
      );
  }
}
