import { MAX_RESULT_CHARS, MAX_STRING } from "./tool";

/** Strings cut to MAX_STRING characters (never inside a surrogate pair), nesting cut at depth 8. */
export function clipStrings(value: unknown, depth = 0): unknown {
  if (typeof value === "string") {
    if (value.length <= MAX_STRING) return value;
    let end = MAX_STRING;
    const code = value.charCodeAt(end - 1);
    if (code >= 0xd800 && code <= 0xdbff) end -= 1;
    return `${value.slice(0, end)}… [cut: ${value.length - end} more characters]`;
  }
  if (depth >= 8) return typeof value === "object" && value !== null ? "[nested too deep: left out]" : value;
  if (Array.isArray(value)) return value.map((item) => clipStrings(item, depth + 1));
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, clipStrings(item, depth + 1)]));
  return value;
}

/**
 * A tool result as JSON of at most `max` characters: long strings are cut first, then trailing
 * items of its `items` list are dropped (and counted) until it fits; a result that still does not
 * fit is replaced by a notice rather than sent half-formed.
 */
export function boundOutput(value: unknown, max = MAX_RESULT_CHARS): string {
  const clipped = clipStrings(value) as Record<string, unknown> | unknown;
  let json = JSON.stringify(clipped) ?? "null";
  if (json.length <= max) return json;
  if (clipped && typeof clipped === "object" && Array.isArray((clipped as { items?: unknown }).items)) {
    const whole = clipped as { items: unknown[] } & Record<string, unknown>;
    for (let keep = whole.items.length - 1; keep >= 0; keep -= 1) {
      const dropped = whole.items.length - keep;
      json = JSON.stringify({
        ...whole,
        items: whole.items.slice(0, keep),
        truncated: true,
        note: `Showing ${keep} items; ${dropped} more left out to keep the answer short: narrow the filters.`,
      });
      if (json.length <= max) return json;
    }
  }
  return JSON.stringify({ truncated: true, note: "The result was too large to send: narrow the request." });
}
