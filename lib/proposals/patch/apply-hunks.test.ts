import { describe, expect, it } from "vitest";
import { applyFileDiff } from "@/lib/proposals/patch/apply-hunks";
import { creationOf, type FileDiff } from "@/lib/proposals/patch/file-diff";
import { parseUnifiedDiff } from "@/lib/proposals/patch/unified-diff";
import { gitAm, gitRepo, headFiles, removeRepo } from "@/test/git-repo";

/** A parsed one-file diff as a FileDiff on `path`. */
function fileOf(diff: string, path = "main.tf"): FileDiff {
  const parsed = parseUnifiedDiff(diff);
  if (!parsed.ok) throw new Error(parsed.error);
  return { path, create: parsed.files[0].oldName === "/dev/null", mode: "100644", hunks: parsed.files[0].hunks };
}

const FILE = ["a", "b", "c", "d", "e", "f", "g", "h"].join("\n") + "\n";

describe("applyFileDiff", () => {
  it("applies hunks whose line numbers are off, in order, as git apply does", () => {
    const diff = "@@ -1,3 +1,3 @@\n b\n-c\n+C\n d\n@@ -40,2 +40,3 @@\n f\n+f2\n g\n";
    expect(applyFileDiff(FILE, fileOf(diff))).toEqual({ ok: true, content: "a\nb\nC\nd\ne\nf\nf2\ng\nh\n" });
  });

  it("agrees with git am on the same file and diff", () => {
    const diff = "--- a/main.tf\n+++ b/main.tf\n@@ -6,3 +6,2 @@\n f\n-g\n h\n";
    const dir = gitRepo({ "main.tf": FILE });
    try {
      const patch = `From: x <x@y>\nSubject: [PATCH] t\n\n---\ndiff --git a/main.tf b/main.tf\n${diff}`;
      expect(gitAm(dir, patch).ok).toBe(true);
      expect(applyFileDiff(FILE, fileOf(diff))).toEqual({ ok: true, content: headFiles(dir)["main.tf"].content });
    } finally {
      removeRepo(dir);
    }
  });

  it("keeps CRLF files CRLF and a missing final newline missing", () => {
    const crlf = FILE.replace(/\n/g, "\r\n");
    const diff = "@@ -2,1 +2,1 @@\n-b\n+B\n";
    expect(applyFileDiff(crlf, fileOf(diff))).toEqual({ ok: true, content: crlf.replace("\r\nb\r\n", "\r\nB\r\n") });
    expect(applyFileDiff("a\nb", fileOf("@@ -1,2 +1,2 @@\n a\n-b\n+c\n"))).toEqual({ ok: true, content: "a\nc\n" });
    const noEol = "@@ -1,2 +1,2 @@\n a\n-b\n+c\n\\ No newline at end of file\n";
    expect(applyFileDiff("a\nb\n", fileOf(noEol))).toEqual({ ok: true, content: "a\nc" });
  });

  it("refuses what git would refuse: lines not in the file, overlapping hunks, a file that exists or does not", () => {
    expect(applyFileDiff(FILE, fileOf("@@ -1,1 +1,1 @@\n-z\n+y\n"))).toMatchObject({
      ok: false,
      error: /hunk 1 of main.tf/,
    });
    const backwards = "@@ -6,1 +6,1 @@\n-f\n+F\n@@ -2,1 +2,1 @@\n-b\n+B\n";
    expect(applyFileDiff(FILE, fileOf(backwards))).toMatchObject({ ok: false, error: /hunk 2/ });
    expect(applyFileDiff("x\n", creationOf("main.tf", "y"))).toMatchObject({ ok: false, error: /already exists/ });
    expect(applyFileDiff(null, fileOf("@@ -1 +1 @@\n-a\n+b\n"))).toMatchObject({ ok: false, error: /does not exist/ });
  });

  it("creates a file from nothing, and handles the empty and the largest inputs", () => {
    expect(applyFileDiff(null, creationOf("new.tf", "x\r\ny\n\n\n"))).toEqual({ ok: true, content: "x\ny\n" });
    const big = Array.from({ length: 20_000 }, (_, i) => `line ${i}`).join("\n") + "\n";
    const at = "@@ -19990,1 +19990,1 @@\n-line 19989\n+changed\n";
    const started = performance.now();
    const result = applyFileDiff(big, fileOf(at));
    expect(performance.now() - started).toBeLessThan(500);
    expect(result.ok && result.content.split("\n")[19989]).toBe("changed");
    expect(parseUnifiedDiff("")).toEqual({ ok: false, error: "no @@ hunk in the diff" });
  });
});
