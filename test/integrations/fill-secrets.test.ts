import { describe, expect, it } from "vitest";
import { cleanAnswer, fillBody, fillText, MissingSecret, REDACTED } from "../../src/integrations/http/fill-secrets.ts";

const secrets = new Map([["KEY", "a/b c"]]);

describe("filling in and redacting secrets", () => {
  it("should fill secrets into text, percent-encoding them in a URL, and remember both forms", () => {
    const used = new Set<string>();
    const url = fillText(["https://x.test/k/", { secret: "KEY" }], secrets, used, encodeURIComponent);
    expect(url).toBe("https://x.test/k/a%2Fb%20c");
    expect([...used]).toEqual(["a/b c", "a%2Fb%20c"]);
    expect(() => fillText([{ secret: "NOPE" }], secrets, used)).toThrow(MissingSecret);
  });

  it("should fill secrets into a body's strings and keep its other values", () => {
    const body = fillBody(
      {
        kind: "object",
        fields: [
          ["token", { kind: "text", text: ["Bearer ", { secret: "KEY" }] }],
          [
            "list",
            {
              kind: "array",
              items: [
                { kind: "literal", value: 1 },
                { kind: "literal", value: null },
              ],
            },
          ],
        ],
      },
      secrets,
      new Set(),
    );
    expect(body).toEqual({ token: "Bearer a/b c", list: [1, null] });
  });

  it("should redact every form of a secret an answer echoes, in keys and values", () => {
    const answer = cleanAnswer({ url: "/k/a%2Fb%20c", ["a/b c"]: ["x a/b c y", 3, true] }, ["a/b c", "a%2Fb%20c"]);
    expect(answer).toEqual({ url: `/k/${REDACTED}`, [REDACTED]: [`x ${REDACTED} y`, 3, true] });
  });
});
