// Values in PostgreSQL COPY text format, shared by the span and billing hot paths.

const SPECIAL = /[\\\t\n\r\0]/;
const ESCAPES: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r", "\0": "\uFFFD" };

/**
 * COPY text format: backslash, tab, newline and carriage return escaped; \N is NULL. NUL, which
 * PostgreSQL text can not hold, becomes U+FFFD, as an invalid UTF-8 byte does.
 */
export function field(value: string | null): string {
  if (value === null) return "\\N";
  return SPECIAL.test(value) ? value.replace(/[\\\t\n\r\0]/g, (c) => ESCAPES[c]) : value;
}

/**
 * JSON text that jsonb accepts: its \u0000 escapes (jsonb refuses them) become \ufffd. A
 * backslash before "u0000" starts an escape only when it is not itself escaped.
 */
export function jsonbSafe(json: string): string {
  if (!json.includes("u0000")) return json;
  return json.replace(/(\\+)u0000/g, (match, slashes: string) => (slashes.length % 2 === 1 ? `${slashes.slice(0, -1)}\\ufffd` : match));
}
