import { describe, expect, it } from "vitest";
import { databaseRefused } from "../../src/storage/database-errors.ts";

const adapterError = (cause: Record<string, unknown>) => ({ code: "P2010", meta: { driverAdapterError: { cause } } });

describe("databaseRefused", () => {
  it("should say the database refused a statement it answered with a constraint or SQL error", () => {
    expect(databaseRefused(adapterError({ originalCode: "23505", kind: "UniqueConstraintViolation" }))).toBe(true);
    expect(databaseRefused(adapterError({ originalCode: "22012", kind: "postgres" }))).toBe(true);
  });

  it("should read the same from the driver adapter's own errors", () => {
    const raised = (cause: Record<string, unknown>) =>
      Object.assign(new Error("x"), { name: "DriverAdapterError", cause });
    expect(databaseRefused(raised({ originalCode: "23505", kind: "UniqueConstraintViolation" }))).toBe(true);
    expect(databaseRefused(raised({ originalCode: "08006", kind: "postgres" }))).toBe(false);
    expect(databaseRefused(raised({ kind: "ConnectionClosed" }))).toBe(false);
  });

  it("should not say so when the connection failed or the server is shutting down", () => {
    expect(databaseRefused(adapterError({ kind: "ConnectionClosed" }))).toBe(false);
    expect(databaseRefused(adapterError({ originalCode: "08006", kind: "postgres" }))).toBe(false);
    expect(databaseRefused(adapterError({ originalCode: "57P01", kind: "postgres" }))).toBe(false);
  });

  it("should not say so for errors that are not database errors", () => {
    expect(databaseRefused(new Error("timeout exceeded when trying to connect"))).toBe(false);
    expect(databaseRefused(undefined)).toBe(false);
    expect(databaseRefused("nope")).toBe(false);
  });
});
