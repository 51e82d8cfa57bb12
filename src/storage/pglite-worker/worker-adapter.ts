import type {
  IsolationLevel,
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
  SqlQuery,
  SqlResultSet,
  Transaction,
} from "@prisma/driver-adapter-utils";
import type { PgliteWorker } from "./pglite-worker.ts";

// The adapter in the worker is pglite-prisma-adapter's; Prisma must see the same name.
const ADAPTER_INFO = { provider: "postgres", adapterName: "pglite-prisma-adapter" } as const;

/** A Prisma driver adapter factory whose every call runs in the embedded database's worker. */
export class WorkerAdapterFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = ADAPTER_INFO.provider;
  readonly adapterName = ADAPTER_INFO.adapterName;
  readonly #worker: PgliteWorker;

  constructor(worker: PgliteWorker) {
    this.#worker = worker;
  }

  connect(): Promise<SqlDriverAdapter> {
    return Promise.resolve(new WorkerAdapter(this.#worker));
  }

  /** Only migration diffs use a shadow database: an in-memory one on this thread will do. */
  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    const [{ PGlite }, { PrismaPGlite }] = await Promise.all([
      import("@electric-sql/pglite"),
      import("pglite-prisma-adapter"),
    ]);
    return new PrismaPGlite(new PGlite()).connect();
  }
}

class WorkerQueryable {
  readonly provider = ADAPTER_INFO.provider;
  readonly adapterName = ADAPTER_INFO.adapterName;
  protected readonly worker: PgliteWorker;
  readonly #tx: number | undefined;

  constructor(worker: PgliteWorker, tx: number | undefined) {
    this.worker = worker;
    this.#tx = tx;
  }

  queryRaw(query: SqlQuery): Promise<SqlResultSet> {
    return this.worker.request({ op: "query", tx: this.#tx, query });
  }

  executeRaw(query: SqlQuery): Promise<number> {
    return this.worker.request({ op: "execute", tx: this.#tx, query });
  }
}

class WorkerAdapter extends WorkerQueryable implements SqlDriverAdapter {
  constructor(worker: PgliteWorker) {
    super(worker, undefined);
  }

  async executeScript(script: string): Promise<void> {
    await this.worker.request({ op: "script", script });
  }

  async startTransaction(isolationLevel?: IsolationLevel): Promise<Transaction> {
    const tx = await this.worker.request({ op: "begin", isolationLevel });
    return new WorkerTransaction(this.worker, tx);
  }

  getConnectionInfo() {
    return { supportsRelationJoins: true };
  }

  dispose(): Promise<void> {
    return Promise.resolve();
  }
}

class WorkerTransaction extends WorkerQueryable implements Transaction {
  // Same as pglite-prisma-adapter: PGlite's transaction() has already sent BEGIN.
  readonly options = { usePhantomQuery: true };
  readonly #tx: number;

  constructor(worker: PgliteWorker, tx: number) {
    super(worker, tx);
    this.#tx = tx;
  }

  async commit(): Promise<void> {
    await this.worker.request({ op: "commit", tx: this.#tx });
  }

  async rollback(): Promise<void> {
    await this.worker.request({ op: "rollback", tx: this.#tx });
  }
}
