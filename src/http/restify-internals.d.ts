// Types of the two restify modules `create-rest-server.ts` builds its server from (restify's
// index, which loads every bundled plugin, is not imported; see there).
declare module "restify/lib/server.js" {
  import type { Server } from "restify";
  const RestifyServer: new (options: { name: string; log: unknown; router: unknown }) => Server;
  export default RestifyServer;
}

declare module "restify/lib/router.js" {
  const RestifyRouter: new (options: { name: string }) => unknown;
  export default RestifyRouter;
}
