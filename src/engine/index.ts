// The engine's public surface: everything the chat service, REST and CLI need, and nothing else.
export { runTurn } from "./run-turn.ts";
export { initialState } from "./types.ts";
export type {
  BotOutput,
  Customer,
  EngineEvent,
  FeedbackRecord,
  Position,
  QuickReply,
  ReturnPoint,
  SessionState,
  StepKind,
  StepRecord,
  TurnOutcome,
  TurnResult,
  VarValue,
  JsonValue,
} from "./types.ts";
export type { RunnableFlow } from "./runtime/turn-context.ts";
export { RUNAWAY_TEXT } from "./runtime/walkFlow.ts";
export { optionsAt } from "./runtime/optionsAt.ts";
export { pendingTimer } from "./runtime/timerAt.ts";
export { intentBlocksOf } from "./runtime/intentBlocks.ts";
export { UNKNOWN_CUSTOMER_NAME } from "./runtime/renderTemplate.ts";
export {
  flowJsonSchema,
  flowSchema,
  DEFAULT_INTENT_THRESHOLD,
  DEFAULT_MAX_STEPS_PER_TURN,
} from "./schema/flow-schema.ts";
export type { Flow, FlowInput, FlowSettings, Trigger } from "./schema/flow-schema.ts";
export type { Block, BlockType } from "./schema/block-schemas.ts";
export { splitUrlTemplate } from "./schema/http-block-schema.ts";
export { validateFlow, type ValidateFlowOptions } from "./validation/validateFlow.ts";
export {
  parseFlowText,
  readFlowText,
  type FlowText,
  YAML_MAX_ALIAS_COUNT,
  YAML_MAX_FLOW_NESTING,
  YAML_MAX_INDENT,
  FLOW_MAX_EXPANDED_SIZE,
  YAML_MAX_EXPANSION,
} from "./validation/parseFlowText.ts";
export { BoundedCache } from "./regex/boundedCache.ts";
export { REGEX_MAX_LENGTH, REGEX_MAX_PROGRAM_SIZE, REGEX_MAX_WORK } from "./regex/flow-pattern.ts";
export { describeUnstorableText, MAX_FLOW_DEPTH } from "./validation/findUnstorableText.ts";
export type { FlowProblem, FlowProblemCode, ValidationResult } from "./validation/flow-problem.ts";
export type * from "./ports.ts";
export { runFlowTests, parseFlowTestsYaml } from "./flow-tests/runFlowTests.ts";
export type { FlowTestFailure, FlowTestReport, FlowTestResult } from "./flow-tests/runFlowTests.ts";
export { flowTestsDocumentSchema } from "./flow-tests/flow-tests-schema.ts";
export type { FlowTestsDocument } from "./flow-tests/flow-tests-schema.ts";
