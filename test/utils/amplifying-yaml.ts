/**
 * A valid flow in YAML whose `blocks` message blocks all alias one anchored text of
 * `textLength` characters: within the parser's alias cap (each alias used once), yet it
 * expands to about `blocks` × `textLength` characters. The finding: 1 MB became 100 MB.
 */
export function amplifyingFlowYaml(textLength: number, blocks = 100): string {
  const lines = [
    "schemaVersion: 1",
    "name: Amplified",
    "start: m0",
    "blocks:",
    `  - { id: m0, type: message, text: &big "${"x".repeat(textLength)}", next: m1 }`,
  ];
  for (let i = 1; i < blocks - 1; i++) lines.push(`  - { id: m${i}, type: message, text: *big, next: m${i + 1} }`);
  lines.push(`  - { id: m${blocks - 1}, type: end, text: *big }`);
  return `${lines.join("\n")}\n`;
}
