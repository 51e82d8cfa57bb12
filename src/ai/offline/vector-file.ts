// The framing both shipped vector files share (`shipped-vectors.ts`, `word-vectors.ts`): a 4-byte
// little-endian header length, the header as JSON, zero padding to a multiple of 4 bytes, then
// the vectors, row after row, in the header's order.

/** Where the vectors start after a header of `headerLength` bytes. */
export const vectorDataStart = (headerLength: number): number => Math.ceil((4 + headerLength) / 4) * 4;

/** A zeroed file with `header` framed at its start and `dataBytes` for the vectors; `start` is where they go. */
export function framedVectorFile(header: object, dataBytes: number): { bytes: Buffer; start: number } {
  const json = Buffer.from(JSON.stringify(header));
  const start = vectorDataStart(json.length);
  const bytes = Buffer.alloc(start + dataBytes);
  bytes.writeUInt32LE(json.length, 0);
  json.copy(bytes, 4);
  return { bytes, start };
}

/**
 * The header's dimensions and list of texts (under `listKey`), parsed from its JSON; `undefined`
 * when it is not JSON, names another model than `model`, or its fields are not what they should be.
 */
export function parseVectorHeader(
  text: string,
  model: string,
  listKey: string,
): { dimensions: number; texts: string[] } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null) return undefined;
  const fields = value as Record<string, unknown>;
  const { dimensions } = fields;
  const texts = fields[listKey];
  if (fields["model"] !== model) return undefined;
  if (typeof dimensions !== "number" || !Number.isInteger(dimensions) || dimensions <= 0) return undefined;
  if (!Array.isArray(texts) || !texts.every((entry) => typeof entry === "string")) return undefined;
  return { dimensions, texts };
}
