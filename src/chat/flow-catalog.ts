import { createHash } from "node:crypto";
import { DomainError } from "../domain-error.ts";
import {
  BoundedCache,
  readFlowText,
  validateFlow,
  type Flow,
  type FlowProblem,
  type RunnableFlow,
} from "../engine/index.ts";
import type { EventBus } from "../events/event-bus.ts";
import type { AllowedHost } from "../integrations/http/allowed-hosts.ts";
import { findDisallowedHosts } from "../integrations/http/find-disallowed-hosts.ts";
import type { Store } from "../storage/store.ts";
import type { StoredFlowVersion } from "../storage/records.ts";
import { ActiveVersionCache } from "./active-version-cache.ts";

/** The largest version a 32-bit integer column holds. */
const MAX_VERSION = 2_147_483_647;

/**
 * Parsed versions kept in memory (a parsed flow is some tens of KB to a few MB): sessions run on
 * the active version and a few older ones; any other is read and parsed again when asked for.
 */
export const PARSED_FLOWS_KEPT = 32;

export type FlowFormat = "json" | "yaml";

/** A flow as an upload would accept it, or why not. */
export type FlowCheck =
  | { ok: true; flow: Flow; definition: string; checksum: string; warnings: FlowProblem[] }
  | { ok: false; errors: FlowProblem[]; warnings: FlowProblem[] };

export type FlowUpload =
  | { ok: true; version: StoredFlowVersion; warnings: FlowProblem[] }
  | { ok: false; errors: FlowProblem[]; warnings: FlowProblem[] };

export interface FlowCatalogOptions {
  /** Where activations are announced to other instances, and heard from them. */
  bus?: EventBus;
  /** How long new sessions may start on the active version known here before it is asked again. @default 1000 */
  activeMaxAgeMs?: number;
  /**
   * `HTTP_BLOCK_ALLOWED_HOSTS`: an upload whose `http` block names another host is refused
   * (`HOST_NOT_ALLOWED`). Versions already stored still load; their calls are refused instead.
   * @default undefined (not checked)
   */
  allowedHttpHosts?: readonly AllowedHost[];
}

/**
 * Flow versions: uploads, activation, and the parsed flows sessions run on. Versions are
 * immutable, so a parsed flow is cached (the `PARSED_FLOWS_KEPT` most recently used). Which
 * version is active is cached briefly for new sessions (reading it for each was a fifth of the
 * embedded database's work under load) and announced on the bus when it changes; operators'
 * reads ask the database.
 */
export class FlowCatalog {
  readonly #store: Store;
  readonly #bus: EventBus | undefined;
  readonly #parsed = new BoundedCache<number, RunnableFlow>(PARSED_FLOWS_KEPT);
  /** Reads of versions not parsed yet, shared by everyone asking meanwhile. */
  readonly #loading = new Map<number, Promise<RunnableFlow>>();
  readonly #activeVersion: ActiveVersionCache;
  readonly #allowedHttpHosts: readonly AllowedHost[] | undefined;

  constructor(store: Store, options: FlowCatalogOptions = {}) {
    this.#store = store;
    this.#bus = options.bus;
    this.#allowedHttpHosts = options.allowedHttpHosts;
    this.#activeVersion = new ActiveVersionCache(
      () => store.findActiveFlowVersionNumber(),
      options.activeMaxAgeMs ?? 1000,
    );
    this.#bus?.subscribe({ kind: "flows" }, (event) => {
      if (event.kind === "flow-activated") this.#activeVersion.forget();
    });
  }

  async upload(text: string, format: FlowFormat): Promise<FlowUpload> {
    const checked = this.check(text, format);
    if (!checked.ok) return checked;
    const version = await this.#store.insertFlowVersion({
      name: checked.flow.name,
      checksum: checked.checksum,
      source: text,
      sourceType: format,
      definition: checked.definition,
    });
    this.#parsed.set(version.version, { ...checked.flow, version: version.version });
    this.#activated(version.version);
    return { ok: true, version, warnings: checked.warnings };
  }

  /** Everything `upload` checks, storing nothing: a candidate flow for a replay is judged the same way. */
  check(text: string, format: FlowFormat): FlowCheck {
    const read = readFlowText(text, format);
    if (!read.ok) return read.result;
    const checked = validateFlow(read.value);
    if (!checked.ok) return checked;
    const hosts = this.#allowedHttpHosts ? findDisallowedHosts(checked.flow, this.#allowedHttpHosts) : [];
    if (hosts.length > 0) return { ok: false, errors: hosts, warnings: checked.warnings };
    // The document as written (no defaults filled in), key order kept: what GET /config returns.
    const definition = JSON.stringify(read.value);
    const checksum = `sha256:${createHash("sha256").update(definition).digest("hex")}`;
    return { ok: true, flow: checked.flow, definition, checksum, warnings: checked.warnings };
  }

  /**
   * Uploads an already parsed document (GraphQL's JSON argument). Validated before it is
   * serialised: a hostile document nested thousands of levels deep would overflow
   * `JSON.stringify`, and validation refuses it first.
   */
  async uploadDocument(document: unknown): Promise<FlowUpload> {
    const checked = validateFlow(document);
    if (!checked.ok) return checked;
    return this.upload(JSON.stringify(document), "json");
  }

  /**
   * The flow a version runs; versions are immutable, so this is cached. Concurrent misses share
   * one read and one parse: after a restart, a thousand customers resuming at once ask for the
   * same version before the first answer is back.
   */
  flow(version: number): Promise<RunnableFlow> {
    const cached = this.#parsed.get(version);
    if (cached) return Promise.resolve(cached);
    let loading = this.#loading.get(version);
    if (!loading) {
      loading = this.#load(version).finally(() => this.#loading.delete(version));
      this.#loading.set(version, loading);
    }
    return loading;
  }

  async #load(version: number): Promise<RunnableFlow> {
    const stored = await this.#store.findFlowVersion(version);
    if (!stored) throw new DomainError("NOT_FOUND", `flow version ${version} does not exist`);
    return this.#parsed.get(version) ?? this.#remember(stored);
  }

  /** Makes an uploaded version the active one; `false` when it does not exist. */
  async activate(version: number): Promise<boolean> {
    // Versions are positive 32-bit integers in storage: anything else names no version, and
    // asking the database would fail the query ("out of range") instead of finding nothing.
    if (!Number.isInteger(version) || version < 1 || version > MAX_VERSION) return false;
    if (!(await this.#store.activateFlowVersion(version))) return false;
    this.#activated(version);
    return true;
  }

  /** The flow a new session starts on (the active version, known here for up to `activeMaxAgeMs`). */
  async forNewSession(): Promise<{ version: number; flow: RunnableFlow }> {
    const version = await this.#activeVersion.get();
    if (version === null) throw new DomainError("NOT_FOUND", "no flow is installed");
    return { version, flow: await this.flow(version) };
  }

  /** The active version as stored, asked of the database, parsed; `NOT_FOUND` when no flow was ever installed. */
  async active(): Promise<{ version: StoredFlowVersion; flow: RunnableFlow }> {
    const stored = await this.#store.findActiveFlowVersion();
    if (!stored) throw new DomainError("NOT_FOUND", "no flow is installed");
    return { version: stored, flow: this.#parsed.get(stored.version) ?? this.#remember(stored) };
  }

  #activated(version: number): void {
    this.#activeVersion.set(version);
    this.#bus?.publish({ kind: "flows" }, { kind: "flow-activated", version });
  }

  #remember(stored: StoredFlowVersion): RunnableFlow {
    // Stored versions were accepted once; a pattern a later check refuses must not lock them out.
    const checked = validateFlow(JSON.parse(stored.definition), { checkPatterns: false });
    if (!checked.ok) throw new Error(`stored flow version ${stored.version} no longer validates`);
    const flow = { ...checked.flow, version: stored.version };
    this.#parsed.set(stored.version, flow);
    return flow;
  }
}
