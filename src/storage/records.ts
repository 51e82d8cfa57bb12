// Plain records the storage layer hands out: no Prisma type crosses this boundary.

export type SenderName = "customer" | "bot" | "operator";
export type HandoffStatusName = "queued" | "assigned" | "released";
export type SentimentName = "positive" | "neutral" | "negative";

export interface StoredMessage {
  id: string;
  seq: bigint;
  sessionId: string;
  customerId: string;
  sender: SenderName;
  text: string;
  blockId: string | null;
  clientMsgId: string | null;
  /** The operator's name, on messages an operator sent. */
  operator: string | null;
  createdAt: Date;
}

/** Where a session stands with the human operators, once its flow reached a handoff block. */
export interface StoredHandoff {
  status: HandoffStatusName;
  queue: string | null;
  /** The holder's operator id; null when nobody holds it, or ADMIN_TOKEN does. */
  operatorId: string | null;
  /** The holder's name (or the last holder's, after a release). */
  operator: string | null;
  since: Date;
}

export interface StoredOperator {
  id: string;
  name: string;
  tokenHash: string;
  createdAt: Date;
}

export interface StoredCustomer {
  id: string;
  name: string | null;
  tokenHash: string;
}

export interface StoredSession {
  id: string;
  customerId: string;
  flowVersion: number;
  status: "active" | "ended";
  currentBlockId: string | null;
  state: unknown;
  /** Turns committed so far: the optimistic guard against two writers. */
  turn: number;
  handoff: StoredHandoff | null;
  /** When the timeout of the block it waits at goes off; null: no timer. */
  timerDueAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface StoredFeedback {
  id: string;
  sessionId: string;
  customerId: string;
  rating: number;
  comment: string | null;
  sentiment: SentimentName;
  score: number | null;
  classifier: string | null;
  createdAt: Date;
}

export interface StoredStep {
  seq: bigint;
  sessionId: string;
  turn: number;
  blockId: string;
  blockType: string;
  kind: string;
  data: unknown;
  createdAt: Date;
}

export interface StoredFlowVersion {
  version: number;
  name: string;
  checksum: string;
  source: string;
  sourceType: string;
  definition: string;
  createdAt: Date;
  activatedAt: Date;
}
