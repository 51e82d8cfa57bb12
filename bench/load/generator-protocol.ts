/** Messages between the bench (parent) and its load generator processes (children, over IPC). */

export interface ConnectCommand {
  type: "connect";
  wsUrl: string;
  /** How many customers this generator runs. */
  customers: number;
  /** Index of its first customer, so names are unique across generators. */
  firstIndex: number;
  /** Connections opened at once; the next batch waits until this one is greeted. */
  batchSize: number;
  /** A connection not greeted (session, greeting, `waiting`) by then counts as failed. */
  connectTimeoutMs: number;
  /** A turn whose end frame has not arrived by then is a timeout: the customer hangs up. */
  turnTimeoutMs: number;
  /** Send a `clientMsgId` with every message, as a client that retries safely does. */
  clientMsgIds: boolean;
  /** 0: closed loop (the next line as soon as a turn ends); else one line per `paceMs` per customer. */
  paceMs: number;
}

export type ParentCommand =
  | ConnectCommand
  /** Conversation load: every customer sends its first line. */
  | { type: "go" }
  /** Start of the measured window (the warm-up is over). */
  | { type: "measure" }
  /** End of the window: send nothing new, wait up to `drainMs` for turns in flight, report. */
  | { type: "stop"; drainMs: number }
  /** Close every socket and exit. */
  | { type: "close" };

export interface ConnectResult {
  connected: number;
  failed: number;
  /** Milliseconds from the first connect to the last greeting. */
  connectMs: number;
}

export interface GeneratorErrors {
  errorFrames: number;
  /** Connections the server closed (or that broke) while the customer was still talking. */
  closes: number;
  timeouts: number;
  connectFailures: number;
}

export interface GeneratorReport {
  /** Turns whose end frame arrived inside the measured window. */
  turns: number;
  windowMs: number;
  /** Send → end frame of each of those turns. */
  latenciesMs: Float64Array;
  /** Every turn after `go` (warm-up included): for frames per turn. */
  allTurns: number;
  allFrames: number;
  allBytes: number;
  errors: GeneratorErrors;
  /** Turns still unanswered when the drain deadline passed. */
  undrained: number;
  /** Per customer id: receipts plus bot messages received over the whole run. */
  acknowledged: Record<string, number>;
}

export type ChildMessage =
  | { type: "connected"; result: ConnectResult }
  | { type: "report"; report: GeneratorReport }
  | { type: "fatal"; message: string };
