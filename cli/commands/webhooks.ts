import type { Command } from "commander";
import { readGlobals } from "../global-options.ts";
import { request, requestJson } from "../http.ts";
import { note, out, printJson } from "../print.ts";

interface WebhookRow {
  id: string;
  url: string;
  events: string[];
  description: string | null;
  createdAt: string;
}

interface DeliveryRow {
  id: string;
  event: string;
  status: string;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: string;
  createdAt: string;
}

/** `chatflow webhooks add|list|remove|deliveries|redeliver`: signed event deliveries (needs ADMIN_TOKEN). */
export function registerWebhookCommands(program: Command): void {
  const webhooks = program.command("webhooks").description("manage the webhooks that tell your systems what happened");

  webhooks
    .command("add")
    .description("register a webhook and print its signing secret (shown only this once)")
    .argument("<url>", "where to POST the events, http:// or https://")
    .requiredOption("--events <list>", "comma-separated: conversation.started,conversation.ended,feedback.received,…")
    .option("--description <text>", "what it is for")
    .option("--json", "print JSON: {id, url, events, secret, …}")
    .action(
      async (url: string, options: { events: string; description?: string; json?: boolean }, command: Command) => {
        const { urls, token } = readGlobals(command);
        const events = options.events
          .split(",")
          .map((event) => event.trim())
          .filter((event) => event !== "");
        const body = {
          url,
          events,
          ...(options.description !== undefined ? { description: options.description } : {}),
        };
        const created = await requestJson<WebhookRow & { secret: string }>(urls, "/webhooks", {
          method: "POST",
          token,
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body),
        });
        if (options.json) return printJson(created);
        out(`${created.id}  ${created.url}  ${created.events.join(",")}`);
        out(`secret: ${created.secret}`);
        note("(the secret is shown only now: the receiver verifies signatures with it)");
      },
    );

  webhooks
    .command("list")
    .description("list the webhooks (without their secrets)")
    .option("--json", "print JSON")
    .action(async (options: { json?: boolean }, command: Command) => {
      const { urls, token } = readGlobals(command);
      const { webhooks: rows } = await requestJson<{ webhooks: WebhookRow[] }>(urls, "/webhooks", { token });
      if (options.json) return printJson(rows);
      if (rows.length === 0) return note("no webhooks yet: chatflow webhooks add URL --events conversation.ended");
      for (const row of rows) {
        out(`${row.id}  ${row.url}  ${row.events.join(",")}${row.description ? `  ${row.description}` : ""}`);
      }
    });

  webhooks
    .command("remove")
    .description("remove a webhook; its pending deliveries are dropped")
    .argument("<id>", "the webhook id (chatflow webhooks list)")
    .action(async (id: string, _options: unknown, command: Command) => {
      const { urls, token } = readGlobals(command);
      await request(urls, `/webhooks/${encodeURIComponent(id)}`, { method: "DELETE", token });
      note(`removed ${id}`);
    });

  webhooks
    .command("deliveries")
    .description("a webhook's latest deliveries, newest first")
    .argument("<id>", "the webhook id")
    .option("--status <status>", "pending, delivered or failed")
    .option("--json", "print JSON")
    .action(async (id: string, options: { status?: string; json?: boolean }, command: Command) => {
      const { urls, token } = readGlobals(command);
      const query = options.status ? `?status=${encodeURIComponent(options.status)}` : "";
      const { deliveries } = await requestJson<{ deliveries: DeliveryRow[] }>(
        urls,
        `/webhooks/${encodeURIComponent(id)}/deliveries${query}`,
        { token },
      );
      if (options.json) return printJson(deliveries);
      if (deliveries.length === 0) return note("no deliveries");
      for (const row of deliveries) out(describeDelivery(row));
    });

  webhooks
    .command("redeliver")
    .description("send a delivery again now, with the same webhook-id")
    .argument("<id>", "the delivery id (chatflow webhooks deliveries WEBHOOK)")
    .action(async (id: string, _options: unknown, command: Command) => {
      const { urls, token } = readGlobals(command);
      await request(urls, `/webhooks/deliveries/${encodeURIComponent(id)}/redeliver`, { method: "POST", token });
      note(`${id} is pending again`);
    });
}

function describeDelivery(row: DeliveryRow): string {
  const last =
    row.lastStatusCode !== null ? `  last ${row.lastStatusCode}` : row.lastError ? `  last: ${row.lastError}` : "";
  const next = row.status === "pending" ? `  next ${row.nextAttemptAt}` : "";
  return `${row.id}  ${row.createdAt}  ${row.event}  ${row.status}  ${row.attempts} attempt(s)${last}${next}`;
}
