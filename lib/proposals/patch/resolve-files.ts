import type { FileDiff } from "@/lib/proposals/patch/file-diff";
import { safeRepoPath } from "@/lib/proposals/patch/repo-path";
import { parseUnifiedDiff, type RawFileDiff } from "@/lib/proposals/patch/unified-diff";

// A diff's files with the paths the patch writes: the diff's own names (a/ and b/ dropped; a bare
// file name placed in the module's directory), else the default file. A name that leaves the
// repository, and a file deletion (never part of a refactor), refuse the whole diff.

export type ResolvedFiles = { ok: true; files: FileDiff[] } | { ok: false; error: string };

const DEV_NULL = "/dev/null";

function nameOf(raw: RawFileDiff): string | null {
  const named = [raw.newName, raw.oldName].find((name) => name && name !== DEV_NULL);
  if (named) return named;
  const git = raw.gitNames?.split(" b/").at(-1);
  return git ? `b/${git}` : null;
}

function resolveOne(raw: RawFileDiff, options: { dir: string; defaultPath: string }): FileDiff | string {
  if (raw.deleted || raw.newName === DEV_NULL) return "the diff deletes a file";
  let name = nameOf(raw);
  if (name && /^[ab]\//.test(name)) name = name.slice(2);
  let path = name ?? options.defaultPath;
  if (name && !name.includes("/")) path = `${options.dir}${name}`;
  const safe = safeRepoPath(path);
  if (!safe) return `the file name ${JSON.stringify(path.slice(0, 200))} is not a path inside the repository`;
  return {
    path: safe,
    create: raw.newFile || raw.oldName === DEV_NULL,
    mode: raw.mode === "100755" ? "100755" : "100644",
    hunks: raw.hunks,
  };
}

export function resolveDiffFiles(diff: string, options: { dir: string; defaultPath: string }): ResolvedFiles {
  const parsed = parseUnifiedDiff(diff);
  if (!parsed.ok) return parsed;
  const files: FileDiff[] = [];
  for (const raw of parsed.files) {
    const file = resolveOne(raw, options);
    if (typeof file === "string") return { ok: false, error: file };
    if (files.some((f) => f.path === file.path)) return { ok: false, error: `${file.path} appears twice in the diff` };
    files.push(file);
  }
  return { ok: true, files };
}

/** The files of a patch this module wrote (the stored format-patch text), for the GitHub commit. */
export function patchFiles(patch: string): ResolvedFiles {
  const start = patch.search(/^diff --git /m);
  const end = patch.lastIndexOf("\n-- \n");
  if (start < 0 || end < start) return { ok: false, error: "the stored patch holds no diff" };
  return resolveDiffFiles(patch.slice(start, end + 1), { dir: "", defaultPath: "" });
}

/** The commit message of a stored patch: its subject (without [PATCH]) and its body. */
export function patchMessage(patch: string): { subject: string; body: string } {
  const subject = /^Subject: \[PATCH\] (.*)$/m.exec(patch)?.[1] ?? "Vigil proposal";
  const headersEnd = patch.indexOf("\n\n");
  const bodyEnd = patch.indexOf("\n---\n", headersEnd);
  const body = headersEnd >= 0 && bodyEnd > headersEnd ? patch.slice(headersEnd + 2, bodyEnd) : "";
  return { subject, body };
}
