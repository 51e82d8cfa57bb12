import type { Command } from "commander";
import { readGlobals } from "../global-options.ts";
import { request, requestJson } from "../http.ts";
import { note, out, printJson } from "../print.ts";

interface OperatorRow {
  id: string;
  name: string;
  createdAt: string;
}

/** `chatflow operators add|list|remove`: who may work the handoff queue (needs ADMIN_TOKEN). */
export function registerOperatorCommands(program: Command): void {
  const operators = program.command("operators").description("manage the people who work the handoff queue");

  operators
    .command("add")
    .description("create an operator and print its token (shown only this once)")
    .argument("<name>", "the name customers see, e.g. Ana")
    .option("--json", "print JSON: {id, name, createdAt, token}")
    .action(async (name: string, options: { json?: boolean }, command: Command) => {
      const { urls, token } = readGlobals(command);
      const created = await requestJson<OperatorRow & { token: string }>(urls, "/operators", {
        method: "POST",
        token,
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name }),
      });
      if (options.json) return printJson(created);
      out(`${created.id}  ${created.name}`);
      out(`token: ${created.token}`);
      note("(the token is shown only now: give it to the operator, who passes it as --token)");
    });

  operators
    .command("list")
    .description("list the operators")
    .option("--json", "print JSON")
    .action(async (options: { json?: boolean }, command: Command) => {
      const { urls, token } = readGlobals(command);
      const { operators: rows } = await requestJson<{ operators: OperatorRow[] }>(urls, "/operators", { token });
      if (options.json) return printJson(rows);
      if (rows.length === 0) return note("no operators yet: chatflow operators add NAME");
      for (const row of rows) out(`${row.id}  ${row.name}  since ${row.createdAt.slice(0, 10)}`);
    });

  operators
    .command("remove")
    .description("remove an operator: its token stops working at once")
    .argument("<id>", "the operator id (chatflow operators list)")
    .action(async (id: string, _options: unknown, command: Command) => {
      const { urls, token } = readGlobals(command);
      await request(urls, `/operators/${encodeURIComponent(id)}`, { method: "DELETE", token });
      note(`removed ${id}`);
    });
}
