import type { Command } from "commander";
import { stringify } from "yaml";
import { checkFlowAnswer, type FlowAnswer } from "../flow-answer.ts";
import { readFlowFile } from "../flow-file.ts";
import { readGlobals } from "../global-options.ts";
import { request, requestJson } from "../http.ts";
import { note, out, printJson, progress } from "../print.ts";

const CONTENT_TYPE = { json: "application/json", yaml: "application/yaml" } as const;

/** `chatflow config push|get|versions|activate`: the flow versions (docs/PROTOCOL.md, Routes). */
export function registerConfigCommands(program: Command): void {
  const config = program.command("config").description("upload, read and re-activate the server's flow");

  config
    .command("push")
    .description("upload a flow (.json, .yaml or .yml); it becomes the active version")
    .argument("<file>", "the flow file")
    .action(async (file: string, _options: unknown, command: Command) => {
      const { urls, token } = readGlobals(command);
      const { text, format } = await readFlowFile(file);
      const shown = progress();
      shown.update(`uploading ${file} to ${urls.http}…`);
      const response = await request(urls, "/config", {
        method: "POST",
        token,
        headers: { "content-type": CONTENT_TYPE[format] },
        body: text,
        expect: [400],
      }).finally(() => shown.done());
      const body = (await response.json()) as FlowAnswer & { version?: number; checksum?: string };
      checkFlowAnswer(response.status, body, (problems) => `${file} was rejected: ${problems}`);
      out(`uploaded ${file}: version ${body.version} is active (checksum ${body.checksum})`);
    });

  config
    .command("get")
    .description("print the active flow exactly as it was uploaded (JSON or YAML)")
    .option("--json", "print JSON, whatever the upload's format")
    .option("--yaml", "print YAML, whatever the upload's format")
    .action(async (options: { json?: boolean; yaml?: boolean }, command: Command) => {
      const { urls, token } = readGlobals(command);
      // Accepting both makes the server answer in the upload's own format, comments and all.
      const response = await request(urls, "/config", {
        token,
        headers: { accept: options.json ? "application/json" : "application/yaml, application/json;q=0.9" },
      });
      const text = await response.text();
      const isYaml = /yaml/.test(response.headers.get("content-type") ?? "");
      note(`version ${response.headers.get("x-flow-version")} of ${urls.http}`);
      let body = text;
      if (options.json) body = JSON.stringify(JSON.parse(text), null, 2);
      else if (options.yaml && !isYaml) body = stringify(JSON.parse(text));
      process.stdout.write(body.endsWith("\n") ? body : `${body}\n`);
    });

  config
    .command("versions")
    .description("list the stored flow versions, newest first")
    .option("--json", "print the server's JSON")
    .action(async (options: { json?: boolean }, command: Command) => {
      const { urls, token } = readGlobals(command);
      const answer = await requestJson<{ versions: VersionRow[] }>(urls, "/config/versions", { token });
      if (options.json) return printJson(answer);
      for (const v of answer.versions)
        out(
          `${v.active ? "*" : " "} v${v.version}  ${v.createdAt}  ${v.checksum.replace(/^sha256:/, "").slice(0, 12)}  ${v.name}`,
        );
    });

  config
    .command("activate")
    .description("make an older flow version active again")
    .argument("<version>", "the version number")
    .action(async (version: string, _options: unknown, command: Command) => {
      const { urls, token } = readGlobals(command);
      await request(urls, `/config/versions/${encodeURIComponent(version)}/activate`, { method: "POST", token });
      out(`version ${version} is active`);
    });
}

interface VersionRow {
  version: number;
  name: string;
  checksum: string;
  createdAt: string;
  active: boolean;
}
