import { everydayChatTopics } from "./everyday-chat.ts";
import { feedbackExamples } from "./feedback-meaning.ts";
import { intentLibrary } from "./intent-library-lines.ts";

/**
 * The product's own sentences the classifiers embed whatever the flow: the everyday chat, the
 * intent library and the feedback examples. `npm run vectors` ships their vectors
 * (`shipped-vectors.ts`); a test checks the shipped file holds every one of them.
 */
export function fixedSentences(): string[] {
  return [
    ...new Set([
      ...everydayChatTopics.flatMap((topic) => [...topic.lines, ...(topic.describedAs ?? [])]),
      ...intentLibrary.flatMap((topic) => [...topic.describedAs, ...topic.lines]),
      ...Object.values(feedbackExamples).flat(),
    ]),
  ];
}
