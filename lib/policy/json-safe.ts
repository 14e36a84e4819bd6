// PostgreSQL's jsonb holds neither NUL nor a lone surrogate, both of which JSON escapes allow in a
// state or report: they are stored as U+FFFD so the rest of the document is kept.

const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function jsonbText(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    typeof item === "string" ? item.replace(UNSTORABLE, "\uFFFD") : item,
  );
}
