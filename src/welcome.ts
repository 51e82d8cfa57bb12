import type { Logger } from "./observability/logger.ts";

/** The lines a new user needs: where everything is. */
export function printWelcome(httpUrl: string, logger: Logger): void {
  const wsUrl = httpUrl.replace(/^http/, "ws");
  logger.info({ url: httpUrl }, "chatflow is listening");
  const lines = [
    `chatflow is running on ${httpUrl}`,
    `  GraphiQL      ${httpUrl}/graphql`,
    `  chat socket   ${wsUrl}/chat`,
    `  GraphQL ws    ${wsUrl}/graphql`,
    `  REST          ${httpUrl}/config  ${httpUrl}/message/list?customerId=…  ${httpUrl}/healthz  ${httpUrl}/metrics`,
    `  try it        npm run chat -- --url ${httpUrl} --name Ada`,
  ];
  process.stderr.write(`${lines.join("\n")}\n`);
}
