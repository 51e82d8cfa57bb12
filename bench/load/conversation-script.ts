/**
 * What every bench customer says, in a cycle, through the default flow: a question (routed by
 * intent), the feedback trigger, a rating, a comment, another question, a goodbye (which ends the
 * session when an intent classifier recognises it; the next line then opens a new session, as
 * docs/PROTOCOL.md says). The bench never looks at bot texts, only at turn ends, so any flow works.
 */
export const CONVERSATION_LINES: readonly string[] = [
  "what's the weather tomorrow?",
  "feedback",
  "5",
  "great service, thanks",
  "any cheap flights this weekend?",
  "where should I eat tonight?",
  "bye",
];
