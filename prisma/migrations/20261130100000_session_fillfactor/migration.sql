-- AlterTable: every turn rewrites the row of its session. Half of each new page is left free so
-- that the new version fits beside the old one and Postgres updates in place (HOT), adding no
-- entry to the five indexes of the table, as an ordinary turn changes no indexed column.
ALTER TABLE "Session" SET (fillfactor = 50);
