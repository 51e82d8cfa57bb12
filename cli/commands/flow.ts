import { readFile } from "node:fs/promises";
import { Option, type Command } from "commander";
import {
  parseFlowTestsYaml,
  parseFlowText,
  runFlowTests,
  type EnginePorts,
  type Flow,
} from "../../src/engine/index.ts";
import { CliError } from "../cli-error.ts";
import { readFlowFile } from "../flow-file.ts";
import { flowToMermaid } from "../flow/flow-to-mermaid.ts";
import { createOfflinePorts } from "../flow/offline-ports.ts";
import { createServerClassifierPorts } from "../flow/server-classifier-ports.ts";
import { out, problemLine, progress, warn } from "../print.ts";
import { registerReplayCommand } from "./flow-replay.ts";

/** `chatflow flow check|test|graph` work on a flow file offline; `flow replay` asks the server. */
export function registerFlowCommands(program: Command): void {
  const flow = program
    .command("flow")
    .description("check, test and draw a flow file offline; replay stored conversations against it on the server");

  flow
    .command("check")
    .description("validate a flow file exactly as an upload would")
    .argument("<file>", "the flow (.json, .yaml or .yml)")
    .action(async (file: string) => {
      const checked = await loadFlow(file);
      out(`${file}: valid, "${checked.name}" with ${checked.blocks.length} blocks`);
    });

  flow
    .command("test")
    .description("run a flow's conversation tests (see flows/README.md)")
    .argument("<flow>", "the flow (.json, .yaml or .yml)")
    .argument("<tests>", "the conversation tests (.yaml or .json)")
    .addOption(
      new Option("--classifier <kind>", "intent classifier: the server's offline classifiers, or plain word overlap")
        .choices(["words", "server"])
        .default("server"),
    )
    .action(async (flowFile: string, testsFile: string, options: { classifier: "words" | "server" }) => {
      const checked = await loadFlow(flowFile);
      const document = parseTests(testsFile, await readText(testsFile));
      const shown = progress();
      shown.update(`running ${testsFile}…`);
      const ports: EnginePorts & { close?(): Promise<void> } =
        options.classifier === "server" ? await createServerClassifierPorts() : createOfflinePorts();
      const report = await runFlowTests(checked, document, ports).finally(() => shown.done());
      await ports.close?.();
      for (const problem of report.problems) process.stderr.write(`${testsFile}${problem}\n`);
      if (report.problems.length) throw new CliError(`${testsFile} is not a valid tests file`);
      for (const result of report.results) {
        out(`${result.passed ? "✓" : "✗"} ${result.name}`);
        for (const failure of result.failures) {
          const said = failure.say === null ? "the greeting" : `say ${JSON.stringify(failure.say)}`;
          out(`    turn ${failure.turn + 1} (${said}): ${failure.message}`);
        }
      }
      const failed = report.results.filter((result) => !result.passed).length;
      if (failed) throw new CliError(`${failed} of ${report.results.length} conversation tests failed`);
      out(`all ${report.results.length} conversation tests passed`);
    });

  flow
    .command("graph")
    .description("print the flow as a Mermaid flowchart (paste into Markdown in a ```mermaid block)")
    .argument("<file>", "the flow (.json, .yaml or .yml)")
    .action(async (file: string) => {
      process.stdout.write(flowToMermaid(await loadFlow(file)));
    });

  registerReplayCommand(flow);
}

/** Parses and validates like the server's upload; problems one per line, as `config push` prints them. */
async function loadFlow(file: string): Promise<Flow> {
  const { text, format } = await readFlowFile(file);
  const result = parseFlowText(text, format);
  for (const problem of result.warnings) warn(`warning: ${problemLine(problem)}`);
  if (result.ok) return result.flow;
  for (const problem of result.errors) process.stderr.write(`${problemLine(problem)}\n`);
  const count = result.errors.length;
  throw new CliError(`${file} is invalid: ${count} problem${count === 1 ? "" : "s"}`);
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as Error).message}`);
  }
}

function parseTests(file: string, text: string): unknown {
  try {
    return parseFlowTestsYaml(text); // JSON is YAML too
  } catch (error) {
    throw new CliError(`${file} is not valid YAML: ${(error as Error).message.split("\n")[0]}`);
  }
}
