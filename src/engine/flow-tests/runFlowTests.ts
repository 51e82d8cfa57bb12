import { parse } from "yaml";
import type { EnginePorts } from "../ports.ts";
import { runTurn } from "../run-turn.ts";
import type { RunnableFlow } from "../runtime/turn-context.ts";
import { initialState, type Customer, type EngineEvent, type SessionState } from "../types.ts";
import { compareTurn } from "./compareTurn.ts";
import { flowTestsDocumentSchema, type FlowTest } from "./flow-tests-schema.ts";

export interface FlowTestFailure {
  /** 0-based index of the turn. */
  turn: number;
  say: string | null;
  message: string;
}

export interface FlowTestResult {
  name: string;
  passed: boolean;
  failures: FlowTestFailure[];
}

export interface FlowTestReport {
  passed: boolean;
  /** Problems with the tests document itself; when present no test ran. */
  problems: string[];
  results: FlowTestResult[];
}

/** Reads a conversation-tests YAML document (without running anything). */
export function parseFlowTestsYaml(text: string): unknown {
  return parse(text, { maxAliasCount: 100 });
}

/**
 * Runs conversation tests against a flow with the ports the caller supplies (deterministic fakes
 * in CI). Each test is a fresh conversation; a turn without `say` is the greeting, and a `say`
 * after the conversation ended opens a new session with it, as the chat service does.
 */
export async function runFlowTests(flow: RunnableFlow, document: unknown, ports: EnginePorts): Promise<FlowTestReport> {
  const parsed = flowTestsDocumentSchema.safeParse(document);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `/${issue.path.map(String).join("/")}: ${issue.message}`);
    return { passed: false, problems, results: [] };
  }
  const results: FlowTestResult[] = [];
  for (const test of parsed.data.tests) results.push(await runFlowTest(flow, test, ports));
  return { passed: results.every((result) => result.passed), problems: [], results };
}

async function runFlowTest(flow: RunnableFlow, test: FlowTest, ports: EnginePorts): Promise<FlowTestResult> {
  const customer: Customer = { id: test.customer?.id ?? "test-customer", name: test.customer?.name ?? null };
  let state: SessionState = initialState();
  const failures: FlowTestFailure[] = [];
  for (const [index, turn] of test.turns.entries()) {
    const say = turn.say ?? null;
    if (say === null && index > 0 && turn.release === undefined) {
      failures.push({ turn: index, say, message: "only the first turn may leave out `say`" });
      break;
    }
    const unknownTarget = typeof turn.release === "string" && !flow.blocks.some((block) => block.id === turn.release);
    if (turn.release !== undefined && (say !== null || state.position?.status !== "handoff" || unknownTarget)) {
      failures.push({
        turn: index,
        say,
        message: "`release` needs a conversation at a handoff block, no `say`, and a block that exists",
      });
      break;
    }
    const opening = turn.release === undefined && (index === 0 || state.ended);
    const event: EngineEvent =
      turn.release !== undefined
        ? { type: "release", customer, ...(turn.release === true ? {} : { goto: turn.release }) }
        : opening
          ? { type: "start", customer, ...(say === null ? {} : { text: say }) }
          : { type: "message", customer, text: say ?? "" };
    const result = await runTurn(flow, opening ? initialState() : state, event, ports);
    state = result.state;
    failures.push(...compareTurn(result, turn.expect).map((message) => ({ turn: index, say, message })));
  }
  return { name: test.name, passed: failures.length === 0, failures };
}
