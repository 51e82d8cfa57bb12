// A webhook receiver that checks every request's Standard Webhooks signature (README, "Webhooks").
// Run: CHATFLOW_WEBHOOK_SECRET=whsec_… node examples/webhook-receiver.mjs   (PORT: default 4001)
import http from "node:http";
import { Webhook } from "standardwebhooks";

const webhook = new Webhook(process.env.CHATFLOW_WEBHOOK_SECRET); // the whsec_… secret, shown once
const server = http.createServer((request, response) => {
  const chunks = [];
  request.on("data", (chunk) => chunks.push(chunk));
  request.on("end", () => {
    try {
      // Throws unless the signature matches and the timestamp is within 5 minutes.
      const event = webhook.verify(Buffer.concat(chunks).toString("utf8"), request.headers);
      console.log(`${request.headers["webhook-id"]} ${event.type} ${JSON.stringify(event.data)}`);
      response.writeHead(204);
    } catch (error) {
      console.error(`refused: ${error.message}`);
      response.writeHead(400);
    }
    response.end();
  });
});
server.listen(Number(process.env.PORT ?? 4001), "127.0.0.1", () =>
  console.log(`webhook receiver on http://127.0.0.1:${server.address().port}/hook`),
);
