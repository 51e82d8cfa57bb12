import fc from "fast-check";
import YAML from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseFlowText, validateFlow, type FlowProblemCode, type ValidationResult } from "../../src/engine/index.ts";
import { readRepoFile } from "../utils/flows.ts";
import { FuzzTally } from "../utils/hardening-counts.ts";
import { fuzzRuns } from "../utils/fuzz-runs.ts";

// Every code a problem may carry; a Record makes the compiler list them all.
const CODES: Record<FlowProblemCode, true> = {
  INVALID_JSON: true,
  INVALID_YAML: true,
  UNSUPPORTED_SCHEMA_VERSION: true,
  UNKNOWN_FIELD: true,
  MISSING_FIELD: true,
  WRONG_TYPE: true,
  INVALID_VALUE: true,
  UNKNOWN_BLOCK_TYPE: true,
  INVALID_ID: true,
  INVALID_VAR_NAME: true,
  DUPLICATE_ID: true,
  UNKNOWN_TARGET: true,
  NO_INTENTS: true,
  CYCLE_WITHOUT_WAIT: true,
  INVALID_REGEX: true,
  UNSUPPORTED_REGEX: true,
  REGEX_TOO_COMPLEX: true,
  FLOW_TOO_LARGE: true,
  HOST_NOT_ALLOWED: true,
  UNREACHABLE_BLOCK: true,
};

const SEED = Number(process.env["FUZZ_SEED"] ?? 20_260_8);
const tally = new FuzzTally();
beforeAll(() => tally.listen());
afterAll(() => tally.write());

const validFlows: unknown[] = [
  JSON.parse(readRepoFile("test/fixtures/coffee.json")),
  JSON.parse(readRepoFile("test/fixtures/echo.json")),
  YAML.parse(readRepoFile("flows/default.yaml")),
];

/** Runs the validator; a throw is a crash, counted, then reported by fast-check. */
function check(category: string, run: () => ValidationResult): ValidationResult {
  try {
    const result = run();
    tally.tried(category);
    return result;
  } catch (error) {
    tally.tried(category, true);
    throw error;
  }
}

function expectWellFormed(result: ValidationResult): void {
  const problems = result.ok ? result.warnings : [...result.errors, ...result.warnings];
  if (!result.ok) expect(result.errors.length).toBeGreaterThan(0);
  for (const problem of problems) {
    expect(typeof problem.path).toBe("string");
    expect(problem.path === "" || problem.path.startsWith("/")).toBe(true);
    expect(CODES[problem.code]).toBe(true);
    expect(typeof problem.message).toBe("string");
    expect(problem.message.length).toBeGreaterThan(0);
  }
  if (result.ok) expect(() => JSON.stringify(result.flow)).not.toThrow();
}

type Segment = string | number;

/** Every path in a document, containers and leaves alike. */
function pathsOf(value: unknown, prefix: Segment[] = []): Segment[][] {
  const here = [prefix];
  if (Array.isArray(value)) return [...here, ...value.flatMap((item, i) => pathsOf(item, [...prefix, i]))];
  if (typeof value === "object" && value !== null)
    return [...here, ...Object.entries(value).flatMap(([key, item]) => pathsOf(item, [...prefix, key]))];
  return here;
}

type Mutation = { at: number; action: "delete" | "replace" | "insert" | "duplicate"; key: string; value: unknown };

const mutation: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  action: fc.constantFrom("delete", "replace", "insert", "duplicate"),
  // Keys and values a flow author could plausibly get wrong, and some no author would write.
  key: fc.oneof(fc.constantFrom("next", "id", "type", "start", "blocks", "goto", "text", "__proto__"), fc.string()),
  value: fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    fc.constantFrom("greet", "listen", "bye", "wait", "message", "end", "", null, -1, Number.MAX_VALUE),
  ),
});

/** Applies mutations to a copy; paths are re-read after each, so every one lands somewhere. */
function mutate(document: unknown, mutations: Mutation[]): unknown {
  let copy: unknown = structuredClone(document);
  for (const { at, action, key, value } of mutations) {
    const paths = pathsOf(copy);
    const path = paths[at % paths.length]!;
    if (path.length === 0) {
      copy = action === "replace" ? value : copy;
      continue;
    }
    const parent = path
      .slice(0, -1)
      .reduce<unknown>((node, segment) => (node as Record<Segment, unknown>)[segment], copy);
    const last = path.at(-1)!;
    const container = parent as Record<Segment, unknown>;
    if (action === "delete") {
      if (Array.isArray(parent)) parent.splice(Number(last), 1);
      else delete container[last];
    } else if (action === "replace") container[last] = value;
    else if (action === "duplicate" && Array.isArray(parent)) parent.push(structuredClone(parent[Number(last)]));
    else if (typeof container[last] === "object" && container[last] !== null && !Array.isArray(container[last]))
      (container[last] as Record<string, unknown>)[key] = value;
    else container[last] = { [key]: value };
  }
  return copy;
}

const mutatedFlow = fc
  .tuple(fc.constantFrom(...validFlows), fc.array(mutation, { minLength: 1, maxLength: 6 }))
  .map(([flow, mutations]) => mutate(flow, mutations));

/** Characters that mean something to YAML, so random text reaches its corners. */
const yamlish = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        ..."-:[]{},&*!|>'\"#%@?` \n\t".split(""),
        "  ",
        "- ",
        ": ",
        "\n  ",
        "&a ",
        "*a",
        "!!str ",
        "<<: ",
      ),
      fc.string({ maxLength: 6 }),
    ),
    { maxLength: 60 },
  )
  .map((parts) => parts.join(""));

/** Text of a mutated flow with a few characters cut out or changed. */
function garbled(serialize: (value: unknown) => string) {
  return fc
    .tuple(mutatedFlow, fc.array(fc.tuple(fc.nat(), fc.nat({ max: 8 }), fc.string({ maxLength: 3 })), { maxLength: 4 }))
    .map(([flow, edits]) => {
      let text = serialize(flow) ?? "";
      for (const [at, cut, insert] of edits) {
        const position = text.length === 0 ? 0 : at % text.length;
        text = text.slice(0, position) + insert + text.slice(position + cut);
      }
      return text;
    });
}

const property = (
  category: string,
  arbitrary: fc.Arbitrary<unknown>,
  run: (value: never) => ValidationResult,
  numRuns: number,
) =>
  fc.assert(
    fc.property(arbitrary, (value) => {
      tally.during(category);
      expectWellFormed(check(category, () => run(value as never)));
    }),
    { numRuns: fuzzRuns(numRuns), seed: SEED },
  );

describe("fuzzing the flow validator", () => {
  it("should never throw on arbitrary JSON values and describe every problem with a path and a known code", () => {
    property("flow-validator/json-values", fc.jsonValue({ maxDepth: 6 }), validateFlow, 1500);
  });

  it("should never throw on arbitrary JavaScript values (objects with odd prototypes, -0, NaN, sparse arrays…)", () => {
    property(
      "flow-validator/any-values",
      fc.anything({ maxDepth: 4, withSparseArray: true, withNullPrototype: true }),
      validateFlow,
      800,
    );
  });

  it("should never throw on mutated valid flows", () => {
    property("flow-validator/mutated-flows", mutatedFlow, validateFlow, 2000);
  });

  it("should never throw on random YAML-like text", () => {
    property("flow-validator/yaml-text", yamlish, (text: string) => parseFlowText(text, "yaml"), 1000);
  });

  it("should never throw on garbled YAML and JSON of mutated flows", () => {
    property(
      "flow-validator/garbled-yaml",
      garbled((v) => YAML.stringify(v)),
      (text: string) => parseFlowText(text, "yaml"),
      600,
    );
    property(
      "flow-validator/garbled-json",
      garbled((v) => JSON.stringify(v)),
      (text: string) => parseFlowText(text, "json"),
      600,
    );
  });

  it("should accept every valid flow it started from, unchanged by a round trip through its own text", () => {
    for (const flow of validFlows) {
      expect(check("flow-validator/valid-flows", () => parseFlowText(YAML.stringify(flow), "yaml")).ok).toBe(true);
      expect(check("flow-validator/valid-flows", () => parseFlowText(JSON.stringify(flow), "json")).ok).toBe(true);
    }
  });
});
