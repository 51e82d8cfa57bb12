import { defineConfig } from "prisma/config";

// The URL is read only by Prisma's own CLI (migrate deploy, studio); the server builds its
// adapter from DATABASE_URL itself, so no URL here is required for `generate`.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env["DATABASE_URL"] ?? "" },
});
