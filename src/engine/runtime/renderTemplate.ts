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

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?)\s*\}\}/g;

/** The value a name refers to: `customer.name`, `customer.id` or a flow variable. */
export function readVariable(name: string, scope: TemplateScope): VarValue | undefined {
  if (name === "customer.name") return scope.customer.name ?? undefined;
  if (name === "customer.id") return scope.customer.id;
  return Object.hasOwn(scope.vars, name) ? scope.vars[name] : undefined;
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
    if (name === "customer.name" && (value === undefined || String(value).trim() === "")) {
      return quote(UNKNOWN_CUSTOMER_NAME);
    }
    return value === undefined ? "" : quote(String(value));
  });
}

/** The text with every placeholder replaced by `standIn`, as a check at upload sees it. */
export function replacePlaceholders(text: string, standIn: string): string {
  return text.replace(PLACEHOLDER, standIn);
}
