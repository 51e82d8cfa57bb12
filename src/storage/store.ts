import type { PrismaClient } from "./generated/client.ts";
import * as customers from "./customer-queries.ts";
import * as feedback from "./feedback-queries.ts";
import * as flows from "./flow-queries.ts";
import * as history from "./history-queries.ts";
import * as sessions from "./session-queries.ts";
import * as turns from "./turn-writes.ts";

type Bound<T> = {
  [K in keyof T]: T[K] extends (prisma: PrismaClient, ...rest: infer A) => infer R ? (...args: A) => R : never;
};
type Queries = typeof customers & typeof feedback & typeof flows & typeof history & typeof sessions & typeof turns;

/** Every query the product makes, bound to one Prisma client: the only door to the database. */
export type Store = Bound<Pick<Queries, FunctionKeys<Queries>>> & { ping(): Promise<void> };

type FunctionKeys<T> = { [K in keyof T]: T[K] extends (prisma: PrismaClient, ...rest: never[]) => unknown ? K : never }[keyof T];

export function createStore(prisma: PrismaClient): Store {
  const modules = [customers, feedback, flows, history, sessions, turns] as Record<string, unknown>[];
  const store: Record<string, unknown> = {
    ping: async () => {
      await prisma.$queryRaw`SELECT 1`;
    },
  };
  for (const module of modules) {
    for (const [name, value] of Object.entries(module)) {
      if (typeof value === "function") store[name] = (...args: unknown[]) => (value as Function)(prisma, ...args);
    }
  }
  return store as Store;
}
