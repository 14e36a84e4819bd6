import type { Hunk, HunkLine } from "@/lib/proposals/patch/unified-diff";

// One file's change as the patch writes it: a path already checked to stay inside the repository,
// whether the file is created, its mode, and its hunks. Rendering recomputes every hunk header
// from the lines, so the counts git checks always add up.

export interface FileDiff {
  path: string;
  create: boolean;
  mode: "100644" | "100755";
  hunks: Hunk[];
}

const count = (lines: HunkLine[], mark: "-" | "+") => lines.filter((l) => l.mark === " " || l.mark === mark).length;

/** A new file holding `content` (CRLF read as LF; a final newline added when missing). */
export function creationOf(path: string, content: string, mode: FileDiff["mode"] = "100644"): FileDiff {
  const lines = content.replace(/\r\n?/g, "\n").replace(/\n+$/, "").split("\n");
  return { path, create: true, mode, hunks: [{ oldStart: 0, lines: lines.map((text) => ({ mark: "+", text })) }] };
}

function hunkHeader(hunk: Hunk, delta: number): string {
  const oldCount = count(hunk.lines, "-");
  const newCount = count(hunk.lines, "+");
  // A range of no lines is named by the line before it (git's and diff's convention). A hunk said
  // to start at line 1 would be pinned to the file's first line by git apply; the model's line
  // numbers are guesses (it never saw the file), so such a hunk is given line 2 and git looks for
  // its lines around there instead, finding them at line 1 when they are there.
  const oldFirst = oldCount ? Math.max(hunk.oldStart, 2) : hunk.oldStart + 1;
  const oldStart = oldCount ? oldFirst : oldFirst - 1;
  const newFirst = oldFirst + delta;
  const newStart = newCount ? newFirst : newFirst - 1;
  return `@@ -${oldStart},${oldCount} +${Math.max(newStart, 0)},${newCount} @@`;
}

export function renderFileDiff(file: FileDiff): string {
  const out = [`diff --git a/${file.path} b/${file.path}`];
  if (file.create) out.push(`new file mode ${file.mode}`);
  out.push(file.create ? "--- /dev/null" : `--- a/${file.path}`, `+++ b/${file.path}`);
  let delta = 0;
  for (const hunk of file.hunks) {
    out.push(hunkHeader(hunk, delta));
    for (const line of hunk.lines) {
      out.push(`${line.mark}${line.text}`);
      if (line.noEol) out.push("\\ No newline at end of file");
    }
    delta += count(hunk.lines, "+") - count(hunk.lines, "-");
  }
  return `${out.join("\n")}\n`;
}

/** git's diffstat, without the graph's scaling: enough for a reader, ignored by git am. */
export function diffstat(files: FileDiff[]): string {
  const rows = files.map((file) => {
    const lines = file.hunks.flatMap((h) => h.lines);
    return {
      path: file.path,
      added: lines.filter((l) => l.mark === "+").length,
      removed: lines.filter((l) => l.mark === "-").length,
    };
  });
  const width = Math.max(...rows.map((r) => r.path.length));
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  const added = rows.reduce((sum, r) => sum + r.added, 0);
  const removed = rows.reduce((sum, r) => sum + r.removed, 0);
  const graph = (r: (typeof rows)[number]) =>
    `${"+".repeat(Math.min(r.added, 50))}${"-".repeat(Math.min(r.removed, 50))}`;
  return [
    ...rows.map((r) => ` ${r.path.padEnd(width)} | ${r.added + r.removed} ${graph(r)}`),
    ` ${plural(rows.length, "file")} changed, ${plural(added, "insertion")}(+), ${plural(removed, "deletion")}(-)`,
  ].join("\n");
}
