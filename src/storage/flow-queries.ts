import type { PrismaClient } from "./generated/client.ts";
import type { StoredFlowVersion } from "./records.ts";

export type NewFlowVersion = Omit<StoredFlowVersion, "version" | "createdAt" | "activatedAt">;

const ACTIVE_ORDER = [{ activatedAt: "desc" as const }, { version: "desc" as const }];

/** Stores an accepted flow as the next version and makes it active. */
export async function insertFlowVersion(prisma: PrismaClient, flow: NewFlowVersion): Promise<StoredFlowVersion> {
  // Two uploads at once may pick the same number; the primary key refuses one and it retries.
  for (let attempt = 0; ; attempt++) {
    const latest = await prisma.flowConfig.aggregate({ _max: { version: true } });
    const version = (latest._max.version ?? 0) + 1;
    const now = new Date();
    const { count } = await prisma.flowConfig.createMany({
      data: [{ ...flow, version, createdAt: now, activatedAt: now }],
      skipDuplicates: true,
    });
    if (count === 1) {
      await activateFlowVersion(prisma, version);
      return (await findFlowVersion(prisma, version))!;
    }
    if (attempt >= 20) throw new Error("could not allocate a flow version");
  }
}

export async function findActiveFlowVersion(prisma: PrismaClient): Promise<StoredFlowVersion | null> {
  return prisma.flowConfig.findFirst({ orderBy: ACTIVE_ORDER });
}

/** Only the number: new sessions need nothing else, and the row holds the whole flow twice. */
export async function findActiveFlowVersionNumber(prisma: PrismaClient): Promise<number | null> {
  const row = await prisma.flowConfig.findFirst({ orderBy: ACTIVE_ORDER, select: { version: true } });
  return row?.version ?? null;
}

export async function findFlowVersion(prisma: PrismaClient, version: number): Promise<StoredFlowVersion | null> {
  return prisma.flowConfig.findUnique({ where: { version } });
}

export type FlowVersionSummary = Pick<StoredFlowVersion, "version" | "name" | "checksum" | "createdAt" | "activatedAt">;

/** Newest first. */
export async function listFlowVersions(prisma: PrismaClient): Promise<FlowVersionSummary[]> {
  return prisma.flowConfig.findMany({
    orderBy: { version: "desc" },
    select: { version: true, name: true, checksum: true, createdAt: true, activatedAt: true },
  });
}

/** Makes a version the active one; `false` when it does not exist. */
export async function activateFlowVersion(prisma: PrismaClient, version: number): Promise<boolean> {
  // Strictly later than any earlier activation, even within one millisecond of it.
  const count = await prisma.$executeRaw`
    UPDATE "FlowConfig"
    SET "activatedAt" = GREATEST(now(), (SELECT max("activatedAt") FROM "FlowConfig") + interval '1 millisecond')
    WHERE "version" = ${version}`;
  return count === 1;
}
