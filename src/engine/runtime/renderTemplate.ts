import type { Customer, VarValue } from "../types.ts";

export interface TemplateScope {
  vars: Readonly<Record<string, VarValue>>;
  customer: Customer;
}

/**
 * What `{{customer.name}}` says when the customer gave no name. "Hi there!" reads naturally
 * in a greeting, which is where the name is used most.
 */
export const UNKNOWN_CUSTOMER_NAME = "there";

/** `{{name}}`, or a path into a JSON variable: `{{order.items.0.name}}` (keys, or array indexes). */
export const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_-]+)*)\s*\}\}/g;

/** `{{secret.NAME}}`: only an `http` block's port fills these in; everywhere else they read as empty. */
export const SECRET_PREFIX = "secret.";

/** A key of an object, or an index of an array (digits only, no leading zero). */
function readMember(value: VarValue | undefined, key: string): VarValue | undefined {
  if (Array.isArray(value)) return /^(0|[1-9][0-9]*)$/.test(key) ? value[Number(key)] : undefined;
  if (typeof value === "object" && value !== null && Object.hasOwn(value, key)) return value[key];
  return undefined;
}

/**
 * The value a name refers to: `customer.name`, `customer.id`, a flow variable, or a path into a
 * JSON variable (`order.items.0.name`). Secrets are never variables.
 */
export function readVariable(name: string, scope: TemplateScope): VarValue | undefined {
  if (name === "customer.name") return scope.customer.name ?? undefined;
  if (name === "customer.id") return scope.customer.id;
  if (name.startsWith(SECRET_PREFIX)) return undefined;
  const [first = "", ...rest] = name.split(".");
  let value = Object.hasOwn(scope.vars, first) ? scope.vars[first] : undefined;
  for (const key of rest) value = readMember(value, key);
  return value;
}

/** A value as template text: JSON for objects and arrays, empty for `null` and missing values. */
export function textOf(value: VarValue | undefined): string {
  if (value === undefined || value === null) return "";
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

/**
 * Fills `{{var}}` placeholders. A missing variable becomes an empty string rather than an error:
 * a flow often mentions a variable that only some paths set, and a blank reads better than
 * "{{comment}}" in front of a customer. `quote` turns each value into the text inserted (a
 * pattern quotes values so that a customer's words stay words).
 */
export function renderTemplate(
  template: string,
  scope: TemplateScope,
  quote: (value: string) => string = (value) => value,
): string {
  return template.replace(PLACEHOLDER, (_match, name: string) => {
    const value = readVariable(name, scope);
    if (name === "customer.name" && textOf(value).trim() === "") {
      return quote(UNKNOWN_CUSTOMER_NAME);
    }
    return value === undefined ? "" : quote(textOf(value));
  });
}

/** The text with every placeholder replaced by `standIn`, as a check at upload sees it. */
export function replacePlaceholders(text: string, standIn: string): string {
  return text.replace(PLACEHOLDER, standIn);
}
