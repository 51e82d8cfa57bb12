import net from "node:net";

/** A PostgreSQL protocol client that sends exactly the messages a test writes, as Studio's driver does. */
export class RawPostgres {
  readonly #socket: net.Socket;
  #received = Buffer.alloc(0);
  #waiters: Array<() => void> = [];

  private constructor(socket: net.Socket) {
    this.#socket = socket;
    socket.on("data", (chunk: Buffer) => {
      this.#received = Buffer.concat([this.#received, chunk]);
      for (const wake of this.#waiters.splice(0)) wake();
    });
  }

  static async connect(port: number): Promise<RawPostgres> {
    const socket = net.connect(port, "127.0.0.1");
    await new Promise<void>((resolve, reject) => socket.once("connect", resolve).once("error", reject));
    const client = new RawPostgres(socket);
    const params = Buffer.from("user\0postgres\0database\0postgres\0\0");
    const startup = Buffer.alloc(8);
    startup.writeInt32BE(8 + params.length, 0);
    startup.writeInt32BE(196_608, 4);
    client.send(Buffer.concat([startup, params]));
    await client.until("Z");
    return client;
  }

  send(...messages: Buffer[]): void {
    this.#socket.write(Buffer.concat(messages));
  }

  /**
   * Waits for a message of this type; returns the types received up to it (and forgets them),
   * leaving out ParameterStatus, which a server may send at any time.
   */
  async until(type: string): Promise<string[]> {
    for (;;) {
      const types: string[] = [];
      let at = 0;
      while (this.#received.length >= at + 5) {
        const end = at + 1 + this.#received.readInt32BE(at + 1);
        if (this.#received.length < end) break;
        const found = String.fromCharCode(this.#received[at]!);
        if (found !== "S")
          types.push(
            found === "E"
              ? `E:${this.#received
                  .subarray(at + 5, end)
                  .toString()
                  .replace(/\0/g, " ")}`
              : found,
          );
        at = end;
        if (found === type) {
          this.#received = this.#received.subarray(at);
          return types;
        }
      }
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
  }

  end(): void {
    this.#socket.destroy();
  }
}

function message(type: string, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  const head = Buffer.alloc(5);
  head.write(type, 0);
  head.writeInt32BE(4 + body.length, 1);
  return Buffer.concat([head, body]);
}
const cstring = (text: string) => Buffer.from(`${text}\0`);
const int16 = (n: number) => Buffer.from([n >> 8, n & 0xff]);
const int32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
};

export const wire = {
  parse: (sql: string, name = "") => message("P", cstring(name), cstring(sql), int16(0)),
  describeStatement: (name = "") => message("D", Buffer.from("S"), cstring(name)),
  flush: () => message("H"),
  bind: (values: string[], statement = "") =>
    message(
      "B",
      cstring(""),
      cstring(statement),
      int16(0),
      int16(values.length),
      ...values.flatMap((value) => [int32(Buffer.byteLength(value)), Buffer.from(value)]),
      int16(0),
    ),
  execute: () => message("E", cstring(""), int32(0)),
  sync: () => message("S"),
  query: (sql: string) => message("Q", cstring(sql)),
};
