// Splits the JSONB text PostgreSQL prints for an object ({"k": v, "k2": v2}) into its keys and
// value texts, exactly: joinMembers gives the same text back. Anything not in that precise form
// (other spacing, not an object, unbalanced) is left whole (null) and stored as raw text.

const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const OPEN_OBJECT = 123;
const CLOSE_OBJECT = 125;
const OPEN_ARRAY = 91;
const CLOSE_ARRAY = 93;

/** The index just past the string starting at s[at] === '"', or -1. */
function endOfString(s: string, at: number): number {
  let p = at + 1;
  for (;;) {
    const q = s.indexOf('"', p);
    if (q < 0) return -1;
    let slashes = 0;
    for (let b = q - 1; s.charCodeAt(b) === BACKSLASH; b--) slashes++;
    if (slashes % 2 === 0) return q + 1;
    p = q + 1;
  }
}

/** The index just past the value starting at s[at], or -1. */
function endOfValue(s: string, at: number): number {
  const c = s.charCodeAt(at);
  if (c === QUOTE) return endOfString(s, at);
  if (c !== OPEN_OBJECT && c !== OPEN_ARRAY) {
    let p = at;
    while (p < s.length) {
      const d = s.charCodeAt(p);
      if (d === COMMA || d === CLOSE_OBJECT || d === CLOSE_ARRAY || d === QUOTE) break;
      p++;
    }
    return p > at ? p : -1;
  }
  let depth = 0;
  for (let p = at; p < s.length; p++) {
    const d = s.charCodeAt(p);
    if (d === QUOTE) {
      p = endOfString(s, p) - 1;
      if (p < 0) return -1;
    } else if (d === OPEN_OBJECT || d === OPEN_ARRAY) depth++;
    else if (d === CLOSE_OBJECT || d === CLOSE_ARRAY) {
      if (--depth === 0) return p + 1;
    }
  }
  return -1;
}

export interface Members {
  /** Each key as written between its quotes (escapes kept). */
  keys: string[];
  /** Each value's text exactly as written. */
  values: string[];
}

export function splitMembers(s: string): Members | null {
  if (s === "{}") return { keys: [], values: [] };
  if (s.charCodeAt(0) !== OPEN_OBJECT || s.charCodeAt(1) !== QUOTE) return null;
  const keys: string[] = [];
  const values: string[] = [];
  let p = 1;
  for (;;) {
    const keyEnd = endOfString(s, p);
    if (keyEnd < 0 || s.charCodeAt(keyEnd) !== 58 || s.charCodeAt(keyEnd + 1) !== 32) return null;
    const valueEnd = endOfValue(s, keyEnd + 2);
    if (valueEnd < 0) return null;
    keys.push(s.slice(p + 1, keyEnd - 1));
    values.push(s.slice(keyEnd + 2, valueEnd));
    const next = s.charCodeAt(valueEnd);
    if (next === CLOSE_OBJECT) return valueEnd === s.length - 1 ? { keys, values } : null;
    if (next !== COMMA || s.charCodeAt(valueEnd + 1) !== 32 || s.charCodeAt(valueEnd + 2) !== QUOTE) return null;
    p = valueEnd + 2;
  }
}

export function joinMembers(keys: readonly string[], values: readonly string[]): string {
  if (keys.length === 0) return "{}";
  let out = "{";
  for (let k = 0; k < keys.length; k++) out += `${k === 0 ? "" : ", "}"${keys[k]}": ${values[k]}`;
  return out + "}";
}
