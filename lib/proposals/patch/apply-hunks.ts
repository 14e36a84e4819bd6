import type { FileDiff } from "@/lib/proposals/patch/file-diff";

// Applies one file's hunks to its current text the way `git apply` does: each hunk's old side
// must appear exactly, looked for at the line its header names and then ever further away, after
// the previous hunk. A file written with CRLF keeps CRLF. Used to commit a patch through the
// GitHub API, where there is no git to run.

export type Applied = { ok: true; content: string } | { ok: false; error: string };

function findAt(lines: string[], pre: string[], hint: number, from: number): number {
  const fits = (at: number) =>
    at >= from && at + pre.length <= lines.length && pre.every((l, k) => lines[at + k] === l);
  for (let distance = 0; distance <= lines.length; distance += 1) {
    if (fits(hint - distance)) return hint - distance;
    if (fits(hint + distance)) return hint + distance;
  }
  return -1;
}

export function applyFileDiff(current: string | null, file: FileDiff): Applied {
  if (file.create && current !== null) return { ok: false, error: `${file.path} already exists` };
  if (!file.create && current === null) return { ok: false, error: `${file.path} does not exist` };
  const text = current ?? "";
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const lines = text === "" ? [] : text.split(/\r?\n/);
  let finalNewline = true;
  if (lines.at(-1) === "") lines.pop();
  else if (lines.length) finalNewline = false;
  let offset = 0;
  let from = 0;
  for (const [index, hunk] of file.hunks.entries()) {
    const pre = hunk.lines.filter((l) => l.mark !== "+").map((l) => l.text);
    const post = hunk.lines.filter((l) => l.mark !== "-");
    const hint = (pre.length ? hunk.oldStart - 1 : hunk.oldStart) + offset;
    const at = findAt(lines, pre, Math.min(Math.max(0, hint), lines.length), from);
    if (at < 0)
      return { ok: false, error: `hunk ${index + 1} of ${file.path} does not apply: its lines are not in the file` };
    const atEnd = at + pre.length === lines.length;
    lines.splice(at, pre.length, ...post.map((l) => l.text));
    if (atEnd && post.length) finalNewline = !post.at(-1)!.noEol;
    offset += post.length - pre.length;
    from = at + post.length;
  }
  return { ok: true, content: lines.length ? lines.join(eol) + (finalNewline ? eol : "") : "" };
}
