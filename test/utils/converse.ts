import type { EnginePorts } from "../../src/engine/ports.ts";
import { runTurn } from "../../src/engine/run-turn.ts";
import type { Flow } from "../../src/engine/schema/flow-schema.ts";
import { initialState, type Customer, type SessionState, type TurnResult } from "../../src/engine/types.ts";
import { createFakePorts } from "./fake-ports.ts";

/** A conversation driven turn by turn, keeping the state between turns like the chat service. */
export interface Conversation {
  state: SessionState;
  start(text?: string): Promise<TurnResult>;
  say(text: string): Promise<TurnResult>;
}

export function converse(
  flow: Flow,
  ports: EnginePorts = createFakePorts(),
  customer: Customer = { id: "c1", name: "Ada" },
): Conversation {
  const conversation: Conversation = {
    state: initialState(),
    async start(text) {
      const result = await runTurn(
        flow,
        initialState(),
        { type: "start", customer, ...(text === undefined ? {} : { text }) },
        ports,
      );
      conversation.state = result.state;
      return result;
    },
    async say(text) {
      const result = await runTurn(flow, conversation.state, { type: "message", customer, text }, ports);
      conversation.state = result.state;
      return result;
    },
  };
  return conversation;
}

export const botTexts = (result: TurnResult): string[] => result.outputs.map((output) => output.text);
export const stepKinds = (result: TurnResult): string[] => result.steps.map((step) => `${step.blockId}:${step.kind}`);
