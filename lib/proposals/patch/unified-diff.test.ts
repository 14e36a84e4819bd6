import { describe, expect, it } from "vitest";
import { renderFileDiff } from "@/lib/proposals/patch/file-diff";
import { resolveDiffFiles } from "@/lib/proposals/patch/resolve-files";
import { parseUnifiedDiff, withSharedContext } from "@/lib/proposals/patch/unified-diff";

describe("parseUnifiedDiff", () => {
  it("reads a git diff of two files, a new one included, with a removed line that looks like a header", () => {
    const diff = [
      "diff --git a/a.tf b/a.tf",
      "index 111..222 100644",
      "--- a/a.tf",
      "+++ b/a.tf",
      "@@ -1,2 +1,2 @@",
      " x",
      "--- not a header",
      "+y",
      "diff --git a/s.sh b/s.sh",
      "new file mode 100755",
      "--- /dev/null",
      "+++ b/s.sh",
      "@@ -0,0 +1 @@",
      "+echo",
      "\\ No newline at end of file",
    ].join("\n");
    const resolved = resolveDiffFiles(diff, { dir: "", defaultPath: "main.tf" });
    expect(resolved.ok && resolved.files.map((f) => [f.path, f.create, f.mode])).toEqual([
      ["a.tf", false, "100644"],
      ["s.sh", true, "100755"],
    ]);
    if (!resolved.ok) return;
    expect(resolved.files[0].hunks[0].lines).toEqual([
      { mark: " ", text: "x" },
      { mark: "-", text: "-- not a header" },
      { mark: "+", text: "y" },
    ]);
    expect(renderFileDiff(resolved.files[1])).toBe(
      "diff --git a/s.sh b/s.sh\nnew file mode 100755\n--- /dev/null\n+++ b/s.sh\n@@ -0,0 +1,1 @@\n+echo\n\\ No newline at end of file\n",
    );
  });

  it("refuses a diff with no hunk, and text before any header is ignored as git does", () => {
    expect(parseUnifiedDiff("just prose\n")).toEqual({ ok: false, error: "no @@ hunk in the diff" });
    expect(parseUnifiedDiff("Some words first\n@@ -1 +1 @@\n-a\n+b\n")).toMatchObject({ ok: true });
  });

  it("makes shared leading and trailing lines context only in a hunk that has none", () => {
    const replace = {
      oldStart: 1,
      lines: ["-a", "-b", "-c", "+a", "+B", "+c"].map((l) => ({ mark: l[0] as "-" | "+", text: l.slice(1) })),
    };
    expect(withSharedContext(replace).lines.map((l) => l.mark + l.text)).toEqual([" a", "-b", "+B", " c"]);
    const withContext = {
      oldStart: 1,
      lines: [
        { mark: " " as const, text: "a" },
        { mark: "-" as const, text: "a" },
        { mark: "+" as const, text: "a" },
      ],
    };
    expect(withSharedContext(withContext)).toBe(withContext);
    const same = {
      oldStart: 1,
      lines: [
        { mark: "-" as const, text: "a" },
        { mark: "+" as const, text: "a" },
      ],
    };
    expect(withSharedContext(same).lines).toEqual([{ mark: " ", text: "a" }]);
  });
});
