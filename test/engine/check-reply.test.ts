import { describe, expect, it } from "vitest";
import { checkReply, isEmailAddress, type ReplyCheck } from "../../src/engine/runtime/checkReply.ts";
import type { ReplyRule } from "../../src/engine/schema/wait-block-schema.ts";

const valid = (value: string | number): ReplyCheck => ({ status: "valid", value });
const invalid = (reason: string): ReplyCheck => ({ status: "invalid", reason });

describe("checkReply", () => {
  it.each<[ReplyRule | undefined, string, ReplyCheck]>([
    [undefined, "  as typed ", valid("  as typed ")],
    [{ type: "text" }, "  hi ", valid("hi")],
    [{ type: "text" }, " \t ", invalid("empty")],
    [{ type: "text", min: 0 }, "  ", invalid("empty")],
    [{ type: "text" }, "a", valid("a")],
    [{ type: "text", min: 3 }, " ab ", invalid("shorter than 3 characters")],
    [{ type: "text", min: 3 }, "abc", valid("abc")],
    [{ type: "text", max: 3 }, "abcd", invalid("longer than 3 characters")],
    [{ type: "text", max: 3 }, " abc ", valid("abc")],
    // Characters, not UTF-16 units: two emoji are two characters.
    [{ type: "text", max: 2 }, "😀😀", valid("😀😀")],
    [{ type: "text", min: 3 }, "😀😀", invalid("shorter than 3 characters")],
  ])("should judge a text reply: %j %j", (rule, reply, expected) => {
    expect(checkReply(rule, reply)).toEqual(expected);
  });

  it.each<[ReplyRule, string, ReplyCheck]>([
    [{ type: "number" }, " 3.5 ", valid(3.5)],
    [{ type: "number" }, "+2", valid(2)],
    [{ type: "number" }, "-2.25", valid(-2.25)],
    [{ type: "number" }, ".5", valid(0.5)],
    [{ type: "number" }, ".25", valid(0.25)],
    [{ type: "number" }, "-.5", valid(-0.5)],
    [{ type: "number" }, "5.", invalid("not a number")],
    [{ type: "number" }, "1e3", invalid("not a number")],
    [{ type: "number" }, "1.2.3", invalid("not a number")],
    [{ type: "number" }, "x12", invalid("not a number")],
    [{ type: "number" }, "12x", invalid("not a number")],
    [{ type: "number" }, "", invalid("not a number")],
    [{ type: "number", min: 0, max: 10 }, "0", valid(0)],
    [{ type: "number", min: 0, max: 10 }, "10", valid(10)],
    [{ type: "number", min: 0, max: 10 }, "-0.1", invalid("below 0")],
    [{ type: "number", min: 0, max: 10 }, "10.5", invalid("above 10")],
  ])("should judge a number reply: %j %j", (rule, reply, expected) => {
    expect(checkReply(rule, reply)).toEqual(expected);
  });

  it.each<[ReplyRule, string, ReplyCheck]>([
    [{ type: "rating" }, "1", valid(1)],
    [{ type: "rating" }, " 5 ", valid(5)],
    [{ type: "rating" }, "+3", valid(3)],
    [{ type: "rating" }, "0", invalid("below 1")],
    [{ type: "rating" }, "6", invalid("above 5")],
    [{ type: "rating" }, "3.0", invalid("not a whole number")],
    [{ type: "rating" }, "x3", invalid("not a whole number")],
    [{ type: "rating" }, "3x", invalid("not a whole number")],
    [{ type: "rating", min: 2 }, "1", invalid("below 2")],
    [{ type: "rating", max: 3 }, "4", invalid("above 3")],
    [{ type: "rating", min: -2, max: 2 }, "-2", valid(-2)],
    [{ type: "rating", min: 0, max: 10 }, "10", valid(10)],
  ])("should judge a rating reply: %j %j", (rule, reply, expected) => {
    expect(checkReply(rule, reply)).toEqual(expected);
  });

  it.each<[string, ReplyCheck]>([
    [" ada@example.com ", valid("ada@example.com")],
    ["a@b.c", valid("a@b.c")],
    ["@b.co", invalid("not an email address")],
    ["a@b@c.co", invalid("not an email address")],
    ["a b@c.co", invalid("not an email address")],
    ["a@.co", invalid("not an email address")],
    ["a@co.", invalid("not an email address")],
    ["a@bco", invalid("not an email address")],
  ])("should judge an email reply %j", (reply, expected) => {
    expect(checkReply({ type: "email" }, reply)).toEqual(expected);
  });

  it("should find a space anywhere in an email address, a tab included", () => {
    expect(isEmailAddress("ada@exam\tple.com")).toBe(false);
    expect(isEmailAddress("ada@example.com ")).toBe(false);
    expect(isEmailAddress("ada@example.com")).toBe(true);
  });

  it("should match a choice ignoring case and spaces, save it as written, and refuse the rest", () => {
    const rule: ReplyRule = { type: "choice", options: ["  Mocha ", "Latte"] };
    expect(checkReply(rule, " MOCHA ")).toEqual(valid("  Mocha "));
    expect(checkReply(rule, "latte")).toEqual(valid("Latte"));
    expect(checkReply(rule, "tea")).toEqual(invalid("not one of the options"));
    expect(checkReply({ type: "choice" }, "Latte")).toEqual(invalid("not one of the options"));
  });
});
