import http from "node:http";
import type { AddressInfo } from "node:net";
import pino from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Metrics } from "../../src/observability/metrics.ts";
import type { Services } from "../../src/resolvers/index.ts";
import { lazyGraphqlTransport, type GraphqlTransport } from "../../src/transport/graphql/lazy-graphql.ts";
import { collect, eventually, httpGraphql, wsGraphql } from "../utils/graphql-clients.ts";
import { tryUpgrade } from "../utils/raw-upgrade.ts";
import { startTestApp } from "../utils/start-test-app.ts";

describe("GraphQL loaded on its first request", () => {
  let app: Awaited<ReturnType<typeof startTestApp>>;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.stop());

  it("should answer every request, over HTTP and over the socket, that arrives while it loads", async () => {
    const client = wsGraphql(app.wsUrl);
    try {
      const overSocket = collect<{ __typename: string }>(client, "{ __typename }", {});
      const answers = await Promise.all(
        Array.from({ length: 5 }, () => httpGraphql(app.url).request<{ __typename: string }>("{ __typename }")),
      );
      expect(answers).toEqual(Array.from({ length: 5 }, () => ({ __typename: "Query" })));
      await eventually(() => expect(overSocket.values).toEqual([{ __typename: "Query" }]));
      expect(overSocket.errors).toEqual([]);
    } finally {
      await client.dispose();
    }
  });
});

describe("GraphQL that cannot be loaded", () => {
  let server: http.Server;
  let transport: GraphqlTransport;
  let builds = 0;
  const logged: string[] = [];
  let baseUrl: string;

  beforeAll(async () => {
    const logger = pino({ level: "error" }, { write: (line: string) => void logged.push(line) });
    transport = lazyGraphqlTransport(
      {
        services: {} as Services,
        metrics: {} as Metrics,
        logger,
        cors: true,
        connectionInitWaitTimeout: 1000,
        maxOperationsPerSocket: 1,
      },
      () => {
        builds++;
        return Promise.reject(new Error("Cannot find module 'graphql-yoga'"));
      },
    );
    server = http.createServer((request, response) => void transport.serve(request, response));
    server.on("upgrade", transport.handleUpgrade);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(() => expect(builds).toBe(1));
  afterAll(async () => {
    await transport.close();
    await new Promise((resolve) => server.close(resolve));
  });

  it("should answer HTTP with 503 and a GraphQL error saying why, and log it once", async () => {
    for (let attempt = 0; attempt < 2; attempt++) {
      const response = await fetch(`${baseUrl}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: "{ __typename }" }),
      });
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({
        errors: [
          {
            message: "GraphQL is unavailable on this server: Cannot find module 'graphql-yoga'",
            extensions: { code: "UNAVAILABLE" },
          },
        ],
      });
    }
    expect(logged.filter((line) => line.includes("GraphQL could not be loaded"))).toHaveLength(1);
  });

  it("should refuse a WebSocket upgrade with 503", async () => {
    const outcome = await tryUpgrade(`${baseUrl.replace("http", "ws")}/graphql`, {}, "graphql-transport-ws");
    expect(outcome.status).toBe(503);
  });
});
