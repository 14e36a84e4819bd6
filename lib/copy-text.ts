// Values in PostgreSQL COPY text format, shared by the span and billing hot paths.

const SPECIAL = /[\\\t\n\r\0]/;
const ESCAPES: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r", "\0": "\uFFFD" };

/**
 * COPY text format: backslash, tab, newline and carriage return escaped; \N is NULL. NUL, which
 * PostgreSQL text can not hold, becomes U+FFFD, as an invalid UTF-8 byte does (and a lone
 * surrogate, which the UTF-8 encoder replaces).
 */
export function field(value: string | null): string {
  if (value === null) return "\\N";
  return SPECIAL.test(value) ? value.replace(/[\\\t\n\r\0]/g, (c) => ESCAPES[c]) : value;
}

/** Text as a query parameter PostgreSQL accepts: NUL becomes U+FFFD, as field() writes it. */
export function pgText(value: string): string;
export function pgText(value: string | null): string | null;
export function pgText(value: string | null): string | null {
  return value !== null && value.includes("\0") ? value.replaceAll("\0", "\uFFFD") : value;
}

// A \u escape jsonb refuses: NUL, and a surrogate that is not half of a pair (JSON.stringify
// escapes lone surrogates). A pair of escapes matches as one, and is kept.
const REFUSED_ESCAPE = /(\\+)u(0000|d[89ab][0-9a-f]{2}(?:\\ud[c-f][0-9a-f]{2})?|d[c-f][0-9a-f]{2})/gi;

/**
 * JSON text that jsonb accepts: its \u0000 and lone-surrogate escapes become \ufffd. A backslash
 * before "u" starts an escape only when it is not itself escaped.
 */
export function jsonbSafe(json: string): string {
  if (!json.includes("\\u")) return json;
  return json.replace(REFUSED_ESCAPE, (match, slashes: string, code: string) =>
    slashes.length % 2 === 0 || code.length > 4 ? match : `${slashes.slice(0, -1)}\\ufffd`,
  );
}
