/** A small valid flow that the validation tests break with JSON-pointer edits (edit-json.ts). */
export const BASE_FLOW = {
  schemaVersion: 1,
  name: "Base",
  start: "hello",
  triggers: [{ id: "fb", keywords: ["feedback"], goto: "ask", resume: true }],
  blocks: [
    { id: "hello", type: "message", text: "Hi", next: "listen" },
    { id: "listen", type: "wait", saveAs: "request", next: "route" },
    { id: "route", type: "intent", intents: [{ id: "yes", description: "agree", next: "hello" }], noMatch: "listen" },
    {
      id: "ask",
      type: "wait",
      validate: { type: "rating" },
      retry: { text: "1-5", max: 2, exhausted: "back" },
      next: "check",
    },
    {
      id: "check",
      type: "condition",
      branches: [{ if: { var: "x", op: "eq", value: 1 }, next: "back" }],
      else: "back",
    },
    { id: "back", type: "return" },
  ],
};
