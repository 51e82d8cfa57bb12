import type { RenderedJson, SecretRef, SecretText } from "../ports.ts";
import type { JsonValue } from "../types.ts";
import { PLACEHOLDER, renderTemplate, SECRET_PREFIX, type TemplateScope } from "./renderTemplate.ts";

/**
 * Fills a template's variables and keeps each `{{secret.NAME}}` as a reference for the port.
 * `quote` turns each variable's value into the text inserted (URLs percent-encode it).
 */
export function renderSecretText(
  template: string,
  scope: TemplateScope,
  quote: (value: string) => string = (value) => value,
): SecretText {
  const parts: (string | SecretRef)[] = [];
  let literal = "";
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    literal += template.slice(last, match.index);
    last = match.index + match[0].length;
    const name = match[1] ?? "";
    if (!name.startsWith(SECRET_PREFIX)) {
      literal += renderTemplate(match[0], scope, quote);
      continue;
    }
    if (literal !== "") parts.push(literal);
    literal = "";
    parts.push({ secret: name.slice(SECRET_PREFIX.length) });
  }
  literal += template.slice(last);
  if (literal !== "") parts.push(literal);
  return parts;
}

/** A JSON body with every string leaf rendered. */
export function renderJsonBody(value: JsonValue, scope: TemplateScope): RenderedJson {
  if (typeof value === "string") return { kind: "text", text: renderSecretText(value, scope) };
  if (Array.isArray(value)) return { kind: "array", items: value.map((item) => renderJsonBody(item, scope)) };
  if (typeof value === "object" && value !== null) {
    return { kind: "object", fields: Object.entries(value).map(([key, item]) => [key, renderJsonBody(item, scope)]) };
  }
  return { kind: "literal", value };
}

/** The text with secret references written as `{{secret.NAME}}`: for steps, never for sending. */
export function showSecretText(text: SecretText): string {
  return text.map((part) => (typeof part === "string" ? part : `{{${SECRET_PREFIX}${part.secret}}}`)).join("");
}
