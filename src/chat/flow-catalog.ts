import { createHash } from "node:crypto";
import { DomainError } from "../domain-error.ts";
import YAML from "yaml";
import {
  parseFlowText,
  validateFlow,
  YAML_MAX_ALIAS_COUNT,
  type FlowProblem,
  type RunnableFlow,
} from "../engine/index.ts";
import type { Store } from "../storage/store.ts";
import type { StoredFlowVersion } from "../storage/records.ts";

export type FlowFormat = "json" | "yaml";

export type FlowUpload =
  | { ok: true; version: StoredFlowVersion; warnings: FlowProblem[] }
  | { ok: false; errors: FlowProblem[]; warnings: FlowProblem[] };

/**
 * Flow versions: uploads, activation, and the parsed flows sessions run on. Versions are
 * immutable, so a parsed flow is cached for good; which version is active is asked of the
 * database, because another instance may have changed it.
 */
export class FlowCatalog {
  readonly #store: Store;
  readonly #parsed = new Map<number, RunnableFlow>();

  constructor(store: Store) {
    this.#store = store;
  }

  async upload(text: string, format: FlowFormat): Promise<FlowUpload> {
    const checked = parseFlowText(text, format);
    if (!checked.ok) return checked;
    // The document as written (no defaults filled in), key order kept: what GET /config returns.
    const document: unknown =
      format === "json" ? JSON.parse(text) : YAML.parse(text, { maxAliasCount: YAML_MAX_ALIAS_COUNT });
    const definition = JSON.stringify(document);
    const version = await this.#store.insertFlowVersion({
      name: checked.flow.name,
      checksum: `sha256:${createHash("sha256").update(definition).digest("hex")}`,
      source: text,
      sourceType: format,
      definition,
    });
    this.#parsed.set(version.version, { ...checked.flow, version: version.version });
    return { ok: true, version, warnings: checked.warnings };
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

  /** The flow a version runs; versions are immutable, so this is cached. */
  async flow(version: number): Promise<RunnableFlow> {
    const cached = this.#parsed.get(version);
    if (cached) return cached;
    const stored = await this.#store.findFlowVersion(version);
    if (!stored) throw new DomainError("NOT_FOUND", `flow version ${version} does not exist`);
    return this.#remember(stored);
  }

  /** The active version, parsed; `NOT_FOUND` when no flow was ever installed. */
  async active(): Promise<{ version: StoredFlowVersion; flow: RunnableFlow }> {
    const stored = await this.#store.findActiveFlowVersion();
    if (!stored) throw new DomainError("NOT_FOUND", "no flow is installed");
    return { version: stored, flow: this.#parsed.get(stored.version) ?? this.#remember(stored) };
  }

  #remember(stored: StoredFlowVersion): RunnableFlow {
    const checked = validateFlow(JSON.parse(stored.definition));
    if (!checked.ok) throw new Error(`stored flow version ${stored.version} no longer validates`);
    const flow = { ...checked.flow, version: stored.version };
    this.#parsed.set(stored.version, flow);
    return flow;
  }
}
