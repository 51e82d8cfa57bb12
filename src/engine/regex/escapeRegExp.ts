/**
 * `text` as a pattern that matches exactly that text. Escapes the characters that mean
 * something in JavaScript's and RE2's syntax; both accept a backslash before any punctuation.
 */
export function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, String.raw`\$&`);
}
