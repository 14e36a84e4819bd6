// A unified diff as lines to colour: file headers, hunk headers, added, removed and unchanged lines
// with their old and new line numbers. Pure, and total: text that is no diff comes back as plain
// lines rather than an error, since the page shows whatever the proposal holds.

export type DiffLineKind = "file" | "hunk" | "add" | "del" | "context" | "note";

export interface DiffLine {
  kind: DiffLineKind;
  text: string;
  oldNo: number | null;
  newNo: number | null;
}

const HUNK = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/** Splits on line ends, keeping no empty last line for the text's final newline. */
function splitLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.length > 1 && lines.at(-1) === "") lines.pop();
  return lines;
}

/**
 * The diff's lines. Inside a hunk the header's counts say how many lines belong to it, so a removed
 * line that reads "--- x" is not taken for a file header.
 */
export function diffLines(diff: string): DiffLine[] {
  const out: DiffLine[] = [];
  let oldNo = 0;
  let newNo = 0;
  let oldLeft = 0;
  let newLeft = 0;
  for (const text of splitLines(diff)) {
    const inHunk = oldLeft > 0 || newLeft > 0;
    const hunk = inHunk ? null : HUNK.exec(text);
    if (hunk) {
      [oldNo, oldLeft, newNo, newLeft] = [Number(hunk[1]), Number(hunk[2] ?? 1), Number(hunk[3]), Number(hunk[4] ?? 1)];
      out.push({ kind: "hunk", text, oldNo: null, newNo: null });
    } else if (text.startsWith("\\")) {
      out.push({ kind: "note", text, oldNo: null, newNo: null });
    } else if (!inHunk) {
      out.push({ kind: "file", text, oldNo: null, newNo: null });
    } else if (text.startsWith("+") && newLeft > 0) {
      out.push({ kind: "add", text, oldNo: null, newNo: newNo++ });
      newLeft -= 1;
    } else if (text.startsWith("-") && oldLeft > 0) {
      out.push({ kind: "del", text, oldNo: oldNo++, newNo: null });
      oldLeft -= 1;
    } else {
      out.push({ kind: "context", text, oldNo: oldNo++, newNo: newNo++ });
      oldLeft = Math.max(0, oldLeft - 1);
      newLeft = Math.max(0, newLeft - 1);
    }
  }
  return out;
}

/** HCL blocks to add, shown as the added lines of a new file. */
export function addedLines(hcl: string): DiffLine[] {
  return splitLines(hcl).map((line, index) => ({ kind: "add", text: `+${line}`, oldNo: null, newNo: index + 1 }));
}
