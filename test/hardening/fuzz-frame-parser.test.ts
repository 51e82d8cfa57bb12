import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeUnstorableText } from "../../src/engine/index.ts";
import { MAX_TEXT_LENGTH, parseClientFrame, type FrameParse } from "../../src/transport/chat/parse-client-frame.ts";
import { FuzzTally } from "../utils/hardening-counts.ts";
import { fuzzRuns } from "../utils/fuzz-runs.ts";

const SEED = Number(process.env["FUZZ_SEED"] ?? 20_260_8);
const tally = new FuzzTally();
beforeAll(() => tally.listen());
afterAll(() => tally.write());

function parse(category: string, data: Buffer, isBinary: boolean): FrameParse {
  tally.during(category);
  try {
    const parsed = parseClientFrame(data, isBinary);
    tally.tried(category);
    return parsed;
  } catch (error) {
    tally.tried(category, true);
    throw error;
  }
}

/** What every answer must look like, whatever came in. */
function expectWellFormed(parsed: FrameParse): void {
  if (parsed.ok) {
    expect(parsed.frame.type).toBe("message");
    expect(parsed.frame.text.trim()).not.toBe("");
    expect(parsed.frame.text.length).toBeLessThanOrEqual(MAX_TEXT_LENGTH);
    expect(describeUnstorableText(parsed.frame.text)).toBeUndefined();
  } else {
    expect(["BAD_FRAME", "TOO_LARGE"]).toContain(parsed.problem.code);
    expect(parsed.problem.message.length).toBeGreaterThan(0);
  }
}

const anyText = fc.oneof(
  fc.string({ unit: "binary", maxLength: 80 }),
  fc.string({ unit: "grapheme", maxLength: 80 }),
  fc.constantFrom(
    "",
    " ",
    "\u0000",
    "\ud800",
    "\n\t",
    "{",
    "}",
    "[]",
    "null",
    "42",
    '"x"',
    "a".repeat(MAX_TEXT_LENGTH + 1),
  ),
);

/** Objects shaped like a frame, with every field sometimes right, sometimes wrong, sometimes extra. */
const frameObject = fc.record(
  {
    type: fc.oneof(fc.constant("message"), fc.jsonValue({ maxDepth: 1 })),
    text: fc.oneof(anyText, fc.jsonValue({ maxDepth: 2 })),
    clientMsgId: fc.oneof(fc.string({ maxLength: 250 }), fc.jsonValue({ maxDepth: 1 })),
    extra: fc.jsonValue({ maxDepth: 2 }),
  },
  { requiredKeys: [] },
);

const run = (
  category: string,
  arbitrary: fc.Arbitrary<[Buffer, boolean]>,
  numRuns: number,
  extra?: (data: Buffer, isBinary: boolean, parsed: FrameParse) => void,
) =>
  fc.assert(
    fc.property(arbitrary, ([data, isBinary]) => {
      const parsed = parse(category, data, isBinary);
      expectWellFormed(parsed);
      extra?.(data, isBinary, parsed);
    }),
    { numRuns: fuzzRuns(numRuns), seed: SEED },
  );

describe("fuzzing the /chat frame parser", () => {
  it("should never throw on random bytes, text or binary", () => {
    run(
      "frame-parser/bytes",
      fc.tuple(
        fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)),
        fc.boolean(),
      ),
      2000,
      (_d, isBinary, parsed) => {
        if (isBinary) expect(parsed.ok).toBe(false);
      },
    );
  });

  it("should take any string that is not a JSON object as the text itself", () => {
    const notAnObject = anyText.filter((text) => !text.trimStart().startsWith("{"));
    run(
      "frame-parser/strings",
      notAnObject.map((text) => [Buffer.from(text, "utf8"), false]),
      2000,
      (data, _b, parsed) => {
        // Lone surrogates become U+FFFD on the way to UTF-8, so compare with what was sent.
        if (parsed.ok) expect(parsed.frame.text).toBe(data.toString("utf8"));
      },
    );
  });

  it("should never throw on JSON objects with random fields, and accept exactly the well-formed ones", () => {
    run(
      "frame-parser/json-objects",
      frameObject.map((object) => [Buffer.from(JSON.stringify(object)), false]),
      2000,
      (data, _b, parsed) => {
        const object = JSON.parse(data.toString()) as Record<string, unknown>;
        const wellFormed =
          object["type"] === "message" &&
          typeof object["text"] === "string" &&
          object["text"].trim() !== "" &&
          object["text"].length <= MAX_TEXT_LENGTH &&
          describeUnstorableText(object["text"]) === undefined &&
          !("extra" in object) &&
          (!("clientMsgId" in object) ||
            (typeof object["clientMsgId"] === "string" &&
              object["clientMsgId"].length >= 1 &&
              object["clientMsgId"].length <= 200 &&
              describeUnstorableText(object["clientMsgId"]) === undefined));
        expect(parsed.ok).toBe(wellFormed);
        if (parsed.ok) expect(parsed.frame.text).toBe(object["text"]);
      },
    );
  });

  it("should never throw on JSON-looking text cut short or mangled", () => {
    const mangled = fc
      .tuple(frameObject, fc.nat(), fc.string({ maxLength: 4 }))
      .map(([object, at, insert]): [Buffer, boolean] => {
        const text = JSON.stringify(object);
        const position = at % (text.length + 1);
        return [Buffer.from(text.slice(0, position) + insert + text.slice(position + 1)), false];
      });
    run("frame-parser/mangled-json", mangled, 1500);
  });
});
