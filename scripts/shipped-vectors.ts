// `npm run vectors`: embeds the product's fixed sentences (src/ai/offline/fixed-sentences.ts)
// with the bundled USE-lite model and writes src/ai/offline/shipped-vectors.bin, which the
// classifiers read instead of embedding them at every load. Run it after changing any of those
// sentences; test/ai/shipped-vectors.test.ts fails until then.
import fs from "node:fs";
import { fileURLToPath } from "node:url";
import { createSentenceEmbedder } from "../src/ai/offline/embeddings.ts";
import { fixedSentences } from "../src/ai/offline/fixed-sentences.ts";
import { encodeShippedVectors, SHIPPED_VECTORS_FILE } from "../src/ai/offline/shipped-vectors.ts";

const embedder = createSentenceEmbedder({ known: () => false, onError: (error) => console.error(error) });
const texts = fixedSentences();
const vectors = [];
for (let start = 0; start < texts.length; start += 64) {
  const batch = await embedder.embed(texts.slice(start, start + 64));
  if (batch === undefined) throw new Error("the bundled model could not embed");
  vectors.push(...batch);
}
const bytes = encodeShippedVectors(texts, vectors);
fs.writeFileSync(SHIPPED_VECTORS_FILE, bytes);
console.log(`${texts.length} sentences, ${(bytes.length / 1e6).toFixed(2)} MB: ${fileURLToPath(SHIPPED_VECTORS_FILE)}`);
