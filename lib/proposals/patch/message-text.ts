// Free text (titles, rationales, reasons, names) made safe for a mail header or a commit message:
// no NUL or other control characters, no lone surrogates, no carriage returns. Body text is
// indented, so no line of it can be read by `git am` as the start of the diff ("---", "diff -",
// "Index: "), as a new message ("From "), or as an in-body header.

const LONE_SURROGATES = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// C0 and C1 controls and DEL, except tab and newline (handled by the callers).
const CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
const LINE_BREAKS = /\r\n?|[\u2028\u2029\u0085]/g;

function clean(value: string): string {
  return value.replace(LINE_BREAKS, "\n").replace(LONE_SURROGATES, "\uFFFD").replace(CONTROLS, "");
}

/** Cut to `max` code points, never splitting a surrogate pair. */
export function cut(value: string, max: number): string {
  const points = Array.from(value);
  return points.length <= max ? value : `${points.slice(0, max - 1).join("")}…`;
}

/** One line: every run of whitespace (line breaks included) becomes one space. */
export function oneLine(value: string, max: number): string {
  return cut(clean(value).replace(/\s+/g, " ").trim(), max);
}

/** A paragraph indented by four spaces, tabs expanded, blank lines kept, at most `max` code points. */
export function indented(value: string, max = 8000): string {
  const lines = cut(clean(value), max).replace(/\t/g, "  ").split("\n");
  return lines.map((line) => (line.trim() === "" ? "" : `    ${line.trimEnd()}`)).join("\n");
}
