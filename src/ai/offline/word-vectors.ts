// Vectors of common English words, each embedded alone with the bundled USE-lite model, shipped
// beside this file (`npm run vectors`). Every line a customer sends has its content words embedded
// one by one (`word-meanings.ts`); a word the embedder has not met costs a second model call for
// that line. With the ~10,000 most used lemmas of spoken English known ahead, most lines need
// only one call.
//
// Unlike the fixed sentences' vectors these are not held in memory: only the word → row index is,
// and a row (512 half-precision numbers, 1 KB) is read from the file when a word is asked for, so
// the file's ~10 MB cost no resident memory. The file names the model it was made with; for any
// other model, a file that is not whole, or a word it does not hold, the embedder computes the
// vector as before.
import fs from "node:fs";
import { SHIPPED_VECTORS_MODEL } from "./shipped-vectors.ts";
import { toUnitVector, type UnitVector } from "./unit-vector.ts";
import { framedVectorFile, parseVectorHeader, vectorDataStart } from "./vector-file.ts";

export const WORD_VECTORS_FILE = new URL("./word-vectors.bin", import.meta.url);

interface Header {
  model: string;
  dimensions: number;
  words: string[];
}

/** Words whose vectors can be read from the shipped file. */
export interface WordVectors {
  /** How many words the file holds. */
  readonly size: number;
  has(word: string): boolean;
  /** The vectors of those of `words` the file holds, read in one open of the file. */
  read(words: readonly string[]): Map<string, UnitVector>;
}

const BYTES_PER_NUMBER = 2;

/** The file (`vector-file.ts`): the header names the model, then each word's vector as little-endian IEEE half-precision numbers. */
export function encodeWordVectors(words: readonly string[], vectors: readonly UnitVector[]): Buffer {
  const dimensions = vectors[0]?.length ?? 0;
  const header: Header = { model: SHIPPED_VECTORS_MODEL, dimensions, words: [...words] };
  const { bytes, start } = framedVectorFile(header, words.length * dimensions * BYTES_PER_NUMBER);
  vectors.forEach((vector, row) => {
    if (vector.length !== dimensions) throw new Error(`vector ${row} has ${vector.length} dimensions`);
    const offset = start + row * dimensions * BYTES_PER_NUMBER;
    vector.forEach((value, index) => bytes.writeUInt16LE(toHalf(value), offset + index * BYTES_PER_NUMBER));
  });
  return bytes;
}

/** The shipped word vectors, or `undefined` when the file is missing, not whole or made with another model. */
export function openWordVectors(file: URL = WORD_VECTORS_FILE): WordVectors | undefined {
  const header = readHeader(file);
  if (header === undefined) return undefined;
  const { dimensions, rows, start, identity } = header;
  const rowBytes = dimensions * BYTES_PER_NUMBER;
  return {
    size: rows.size,
    has: (word) => rows.has(word),
    read(words) {
      const found = new Map<string, UnitVector>();
      const wanted = words.filter((word) => rows.has(word));
      if (wanted.length === 0) return found;
      let fd: number | undefined;
      try {
        fd = fs.openSync(file, "r");
        // A file replaced since it was opened (an upgrade under a running server) may hold other
        // words at those rows: its words are then computed instead.
        if (fileIdentity(fs.fstatSync(fd)) !== identity) return found;
        const bytes = Buffer.alloc(rowBytes);
        for (const word of wanted) {
          const row = rows.get(word) ?? 0;
          if (fs.readSync(fd, bytes, 0, rowBytes, start + row * rowBytes) !== rowBytes) continue;
          const values = Array.from({ length: dimensions }, (_, index) =>
            fromHalf(bytes.readUInt16LE(index * BYTES_PER_NUMBER)),
          );
          // Rounded to half precision a vector is no longer quite unit length.
          found.set(word, toUnitVector(values));
        }
      } catch {
        // The file went away or cannot be read: the words are computed instead.
      } finally {
        if (fd !== undefined) fs.closeSync(fd);
      }
      return found;
    },
  };
}

/** The file's inode, size and modification time: another file, or the same one rewritten, reads differently. */
const fileIdentity = (stats: fs.Stats) => `${stats.ino}:${stats.size}:${stats.mtimeMs}`;

function readHeader(
  file: URL,
): { dimensions: number; rows: Map<string, number>; start: number; identity: string } | undefined {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, "r");
    const stats = fs.fstatSync(fd);
    const { size } = stats;
    const length = Buffer.alloc(4);
    if (fs.readSync(fd, length, 0, 4, 0) !== 4) return undefined;
    const headerLength = length.readUInt32LE(0);
    if (4 + headerLength > size) return undefined;
    const headerBytes = Buffer.alloc(headerLength);
    if (fs.readSync(fd, headerBytes, 0, headerLength, 4) !== headerLength) return undefined;
    const header = parseVectorHeader(headerBytes.toString("utf8"), SHIPPED_VECTORS_MODEL, "words");
    if (header === undefined) return undefined;
    const start = vectorDataStart(headerLength);
    if (size !== start + header.texts.length * header.dimensions * BYTES_PER_NUMBER) return undefined;
    return {
      dimensions: header.dimensions,
      rows: new Map(header.texts.map((word, row) => [word, row])),
      start,
      identity: fileIdentity(stats),
    };
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

const float = new Float32Array(1);
const floatBits = new Uint32Array(float.buffer);

/** The nearest IEEE half-precision number to `value` (round half up), as its 16 bits. */
export function toHalf(value: number): number {
  float[0] = value;
  const bits = floatBits[0] ?? 0;
  const sign = (bits >>> 16) & 0x8000;
  const exponent = ((bits >>> 23) & 0xff) - 127 + 15;
  const mantissa = bits & 0x7fffff;
  if (exponent >= 31) return sign | 0x7c00;
  if (exponent <= 0) {
    if (exponent < -10) return sign;
    return sign | ((((mantissa | 0x800000) >> (1 - exponent)) + 0x1000) >> 13);
  }
  // A carry out of the mantissa moves into the exponent, which is the right rounding.
  return sign | ((exponent << 10) + ((mantissa + 0x1000) >> 13));
}

/** The number whose IEEE half-precision bits are `half`. */
export function fromHalf(half: number): number {
  const sign = half & 0x8000 ? -1 : 1;
  const exponent = (half >> 10) & 0x1f;
  const mantissa = half & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 31) return mantissa === 0 ? sign * Infinity : Number.NaN;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}
