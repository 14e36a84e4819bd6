// A unified diff read leniently into files and hunks: the model's diffs arrive with CRLF, a
// missing leading space on empty context lines, or hunk counts that do not add up, and git needs
// none of those. Counts are recomputed from the lines when the patch is written out; lines past a
// hunk's declared counts that are only blank are dropped, as lib/agent/split-diff.ts reads them.

export interface HunkLine {
  mark: " " | "-" | "+";
  text: string;
  /** "\ No newline at end of file" followed this line. */
  noEol?: boolean;
}

export interface Hunk {
  oldStart: number;
  lines: HunkLine[];
}

export interface RawFileDiff {
  oldName: string | null;
  newName: string | null;
  gitNames: string | null;
  newFile: boolean;
  deleted: boolean;
  mode: string | null;
  hunks: Hunk[];
}

export type ParsedDiff = { ok: true; files: RawFileDiff[] } | { ok: false; error: string };

const HUNK = /^@@ -(\d{1,9})(?:,(\d{1,9}))? \+(\d{1,9})(?:,(\d{1,9}))? @@/;

interface Declared {
  hunk: Hunk;
  oldCount: number;
  newCount: number;
}

function emptyFile(): RawFileDiff {
  return { oldName: null, newName: null, gitNames: null, newFile: false, deleted: false, mode: null, hunks: [] };
}

/** A ---/+++ name without its timestamp; /dev/null stays as is. */
function headerName(rest: string): string {
  const tab = rest.indexOf("\t");
  return (tab >= 0 ? rest.slice(0, tab) : rest).trim();
}

function isHunkLine(line: string): boolean {
  return line === "" || line[0] === " " || line[0] === "-" || line[0] === "+" || line[0] === "\\";
}

function addLine(hunk: Hunk, line: string): void {
  if (line.startsWith("\\")) {
    const last = hunk.lines.at(-1);
    if (last) last.noEol = true;
    return;
  }
  const mark = line === "" ? " " : (line[0] as HunkLine["mark"]);
  hunk.lines.push({ mark, text: line.slice(1) });
}

/** Blank context lines beyond the header's counts are the diff's trailing newlines, not content. */
function trimTrailingBlank({ hunk, oldCount, newCount }: Declared): void {
  const count = (mark: string) => hunk.lines.filter((l) => l.mark === " " || l.mark === mark).length;
  while (hunk.lines.length) {
    const last = hunk.lines.at(-1)!;
    if (last.mark !== " " || last.text !== "" || last.noEol) break;
    if (count("-") <= oldCount || count("+") <= newCount) break;
    hunk.lines.pop();
  }
}

/**
 * A hunk of only removed and added lines (the model's usual "replace the block") with the lines
 * both sides share at its start and end made context. Same before and after sides, but git apply
 * pins a hunk without trailing context to the end of the file; with context it is found anywhere.
 */
export function withSharedContext(hunk: Hunk): Hunk {
  if (hunk.lines.some((l) => l.mark === " " || l.noEol)) return hunk;
  const before = hunk.lines.filter((l) => l.mark === "-").map((l) => l.text);
  const after = hunk.lines.filter((l) => l.mark === "+").map((l) => l.text);
  const most = Math.min(before.length, after.length);
  let head = 0;
  while (head < most && before[head] === after[head]) head += 1;
  let tail = 0;
  while (tail < most - head && before.at(-1 - tail) === after.at(-1 - tail)) tail += 1;
  if (!head && !tail) return hunk;
  const line = (mark: HunkLine["mark"]) => (text: string) => ({ mark, text });
  return {
    oldStart: hunk.oldStart,
    lines: [
      ...before.slice(0, head).map(line(" ")),
      ...before.slice(head, before.length - tail).map(line("-")),
      ...after.slice(head, after.length - tail).map(line("+")),
      ...before.slice(before.length - tail).map(line(" ")),
    ],
  };
}

function startsFileHeader(line: string, next: string | undefined): boolean {
  return line.startsWith("--- ") && next !== undefined && next.startsWith("+++ ");
}

export function parseUnifiedDiff(diff: string): ParsedDiff {
  const lines = diff.replace(/\r\n?/g, "\n").split("\n");
  if (lines.at(-1) === "") lines.pop();
  const files: RawFileDiff[] = [];
  let open: Declared | null = null;
  const newFile = (): RawFileDiff => {
    files.push(emptyFile());
    return files.at(-1)!;
  };
  const current = () => files.at(-1) ?? newFile();
  for (const [i, line] of lines.entries()) {
    if (open && isHunkLine(line) && !startsFileHeader(line, lines[i + 1])) {
      addLine(open.hunk, line);
      continue;
    }
    if (open) trimTrailingBlank(open);
    open = null;
    const header = HUNK.exec(line);
    if (header) {
      const hunk: Hunk = { oldStart: Number(header[1]), lines: [] };
      current().hunks.push(hunk);
      open = { hunk, oldCount: Number(header[2] ?? 1), newCount: Number(header[4] ?? 1) };
    } else if (line.startsWith("diff --git ")) newFile().gitNames = line.slice("diff --git ".length);
    else if (line.startsWith("--- ")) {
      const last = files.at(-1);
      const target = last && !last.hunks.length && last.oldName === null ? last : newFile();
      target.oldName = headerName(line.slice(4));
    } else if (line.startsWith("+++ ")) current().newName = headerName(line.slice(4));
    else if (/^new file mode \d{6}$/.test(line)) Object.assign(current(), { newFile: true, mode: line.slice(-6) });
    else if (line.startsWith("deleted file mode ")) current().deleted = true;
  }
  if (open) trimTrailingBlank(open);
  const withHunks = files
    .filter((f) => f.hunks.length > 0)
    .map((f) => ({ ...f, hunks: f.hunks.map(withSharedContext) }));
  if (!withHunks.length) return { ok: false, error: "no @@ hunk in the diff" };
  return { ok: true, files: withHunks };
}
