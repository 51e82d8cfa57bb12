// A stand-in for a shop's order API, for the order-status example (README, "Calling the
// business's systems"). GET /api/orders/:id with `Authorization: Bearer <SHOP_TOKEN>`.
// Run: node examples/order-status/shop-api.mjs   (PORT and SHOP_TOKEN from the environment)
import http from "node:http";

const port = Number(process.env.PORT ?? 4000);
const token = process.env.SHOP_TOKEN ?? "shop-secret";
const orders = {
  "A-1001": { id: "A-1001", status: "shipped", eta: "Thursday", items: [{ name: "Espresso beans 1 kg" }] },
  "A-1002": { id: "A-1002", status: "being packed", eta: "Friday", items: [{ name: "Milk frother" }] },
};

const server = http.createServer((request, response) => {
  const send = (status, body) => {
    response.writeHead(status, { "content-type": "application/json" });
    response.end(JSON.stringify(body));
  };
  if (request.headers.authorization !== `Bearer ${token}`) return send(401, { error: "unauthorized" });
  const match = /^\/api\/orders\/([^/?]+)$/.exec(request.url ?? "");
  const order = match ? orders[decodeURIComponent(match[1])] : undefined;
  if (request.method !== "GET" || !order) return send(404, { error: "no such order" });
  send(200, order);
});
server.listen(port, "127.0.0.1", () => console.log(`shop API on http://127.0.0.1:${server.address().port}`));
