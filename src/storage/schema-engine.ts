import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import { SchemaEngine } from "@prisma/schema-engine-wasm";

/** Prisma's own schema engine, compiled to WebAssembly: no binary download, ever. */
export async function openSchemaEngine(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  schemaText = "",
): Promise<SchemaEngine> {
  const datamodels: [string, string][] | undefined = schemaText ? [["schema.prisma", schemaText]] : undefined;
  const ignoreLogs = () => {};
  return SchemaEngine.new({ datamodels }, ignoreLogs, bindMigrationAwareSqlAdapterFactory(adapterFactory));
}

export const NO_FILTER = { externalTables: [], externalEnums: [] };
