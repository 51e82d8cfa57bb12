import { parse } from "yaml";
import type { EnginePorts } from "../ports.ts";
import { runTurn } from "../run-turn.ts";
import type { RunnableFlow } from "../runtime/turn-context.ts";
import { initialState, type Customer, type EngineEvent, type SessionState } from "../types.ts";
import { cannedHttpOutcome } from "./cannedHttp.ts";
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

/**
 * The caller's ports, with `http` blocks answered from the test's canned answers: conversation
 * tests never reach the network. `unanswered` collects the http blocks reached without one.
 */
function withCannedHttp(ports: EnginePorts, test: FlowTest, unanswered: Set<string>): EnginePorts {
  return {
    classifyIntent: (request) => ports.classifyIntent(request),
    classifySentiment: (request) => ports.classifySentiment(request),
    completeReply: (request) => ports.completeReply(request),
    callHttp: async (request) => {
      const canned = test.http?.[request.blockId];
      if (canned !== undefined) return cannedHttpOutcome(canned);
      unanswered.add(request.blockId);
      return { status: "error", reason: "network", latencyMs: 0 };
    },
  };
}

async function runFlowTest(flow: RunnableFlow, test: FlowTest, callerPorts: EnginePorts): Promise<FlowTestResult> {
  const customer: Customer = { id: test.customer?.id ?? "test-customer", name: test.customer?.name ?? null };
  let state: SessionState = initialState();
  const failures: FlowTestFailure[] = [];
  const unanswered = new Set<string>();
  const ports = withCannedHttp(callerPorts, test, unanswered);
  const notHttp = Object.keys(test.http ?? {}).filter(
    (id) => !flow.blocks.some((block) => block.id === id && block.type === "http"),
  );
  if (notHttp.length > 0) {
    const names = notHttp.map((id) => `"${id}"`).join(", ");
    return {
      name: test.name,
      passed: false,
      failures: [{ turn: 0, say: null, message: `\`http\` names ${names}, which is not an http block of the flow` }],
    };
  }
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
    if (unanswered.size > 0) {
      const [blockId] = unanswered;
      failures.push({
        turn: index,
        say,
        message: `the flow reached http block "${blockId}" and this test gives it no answer: add \`http: { ${blockId}: { status: 200, body: {…} } }\` (or \`{ error: timeout }\`) to the test`,
      });
      break;
    }
    failures.push(...compareTurn(result, turn.expect).map((message) => ({ turn: index, say, message })));
  }
  return { name: test.name, passed: failures.length === 0, failures };
}
