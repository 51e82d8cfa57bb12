import { createHash } from "node:crypto";
import net from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { lines, runCli, tempConfigHome } from "../utils/run-cli.ts";

/**
 * A `/chat` server whose first frames leave in the same write as the handshake's answer, as
 * chatflow's own do when it resumes a session (no database write in between) and a busy client
 * reads both at once. Written on a raw socket because only then is the packet boundary ours.
 */
const GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

function serverFrame(payload: object): Buffer {
  const body = Buffer.from(JSON.stringify(payload));
  if (body.length < 126) return Buffer.concat([Buffer.from([0x81, body.length]), body]);
  const header = Buffer.from([0x81, 126, 0, 0]);
  header.writeUInt16BE(body.length, 2);
  return Buffer.concat([header, body]);
}

function closeFrame(code: number): Buffer {
  const body = Buffer.alloc(2);
  body.writeUInt16BE(code);
  return Buffer.concat([Buffer.from([0x88, 2]), body]);
}

/** Reads the client's masked text frames (short or 16-bit lengths) from a byte stream. */
function clientFrameReader(onText: (text: string) => void): (chunk: Buffer) => void {
  let pending = Buffer.alloc(0);
  return (chunk) => {
    pending = Buffer.concat([pending, chunk]);
    for (;;) {
      if (pending.length < 2) return;
      const opcode = pending[0]! & 0x0f;
      let length = pending[1]! & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (pending.length < 4) return;
        length = pending.readUInt16BE(2);
        offset = 4;
      }
      if (pending.length < offset + 4 + length) return;
      const mask = pending.subarray(offset, offset + 4);
      const data = Buffer.from(pending.subarray(offset + 4, offset + 4 + length));
      for (let i = 0; i < data.length; i += 1) data[i]! ^= mask[i % 4]!;
      pending = pending.subarray(offset + 4 + length);
      if (opcode === 0x1) onText(data.toString("utf8"));
    }
  };
}

const SESSION = { type: "session", sessionId: "s1", customerId: "alice", flowVersion: 1 };
const at = new Date(0).toISOString();
const bot = (id: string, text: string) => ({
  type: "message",
  id,
  sessionId: "s1",
  sender: "bot",
  text,
  createdAt: at,
});

interface FakeServer {
  url: string;
  /** Every text frame the client sent, per connection. */
  received: string[][];
  close(): Promise<void>;
}

/**
 * Answers each upgrade with `opening(n)` in the same write, then each client message with
 * `answer(n, frame)` (frames to write, or "drop" to close the connection with 1012).
 */
async function fakeChatServer(
  opening: (connection: number) => object[],
  answer: (connection: number, message: { text: string; clientMsgId: string }) => object[] | "drop",
): Promise<FakeServer> {
  const received: string[][] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    const connection = received.length;
    received.push([]);
    let head = "";
    const onHead = (chunk: Buffer) => {
      head += chunk.toString("latin1");
      const end = head.indexOf("\r\n\r\n");
      if (end < 0) return;
      socket.off("data", onHead);
      const key = /sec-websocket-key: *(\S+)/i.exec(head)?.[1] ?? "";
      const accept = createHash("sha1")
        .update(key + GUID)
        .digest("base64");
      const handshake =
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
        `Sec-WebSocket-Accept: ${accept}\r\n\r\n`;
      socket.write(Buffer.concat([Buffer.from(handshake, "latin1"), ...opening(connection).map(serverFrame)]));
      const read = clientFrameReader((text) => {
        received[connection]!.push(text);
        const reply = answer(connection, JSON.parse(text) as { text: string; clientMsgId: string });
        if (reply === "drop") socket.end(closeFrame(1012));
        else socket.write(Buffer.concat(reply.map(serverFrame)));
      });
      const rest = Buffer.from(head.slice(end + 4), "latin1");
      if (rest.length) read(rest);
      socket.on("data", read);
    };
    socket.on("data", onHead);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

const servers: FakeServer[] = [];
afterAll(async () => {
  for (const server of servers) await server.close();
});

describe("chatflow chat when the server's first frames come with the handshake", () => {
  it("should read the opening turn that arrived in the handshake's packet", async () => {
    const server = await fakeChatServer(
      () => [{ ...SESSION, resumed: false }, bot("m1", "Hello!"), { type: "waiting", sessionId: "s1", blockId: "ask" }],
      () => [],
    );
    servers.push(server);
    const run = await runCli(["chat", "--url", server.url], {
      env: { XDG_CONFIG_HOME: await tempConfigHome() },
    });
    expect(run.stderr).not.toMatch(/no answer/);
    expect(lines(run.stdout)).toEqual(["bot › Hello!"]);
    expect(run.code).toBe(0);
  });

  it("should resume after a reconnect whose opening turn came with the handshake, and send the message again", async () => {
    const server = await fakeChatServer(
      (connection) => [
        { ...SESSION, resumed: connection > 0 },
        ...(connection === 0 ? [bot("m1", "Hello!")] : []),
        { type: "waiting", sessionId: "s1", blockId: "ask" },
      ],
      (connection, message) =>
        connection === 0
          ? "drop"
          : [
              {
                type: "message",
                id: "c1",
                sessionId: "s1",
                sender: "customer",
                text: message.text,
                createdAt: at,
                clientMsgId: message.clientMsgId,
              },
              bot("m2", "Noted."),
              { type: "waiting", sessionId: "s1", blockId: "ask" },
            ],
    );
    servers.push(server);
    const run = await runCli(["chat", "--url", server.url], {
      input: "hi\n",
      env: { XDG_CONFIG_HOME: await tempConfigHome() },
    });
    expect(run.stderr).toMatch(/\(reconnected\)/);
    expect(lines(run.stdout)).toEqual(["bot › Hello!", "you › hi", "bot › Noted."]);
    expect(run.code).toBe(0);
    // The same message, under the same clientMsgId, on both connections.
    const [first, second] = server.received.map((texts) => texts.map((text) => JSON.parse(text) as object));
    expect(first).toEqual([{ type: "message", text: "hi", clientMsgId: expect.any(String) }]);
    expect(second).toEqual(first);
  });
});
