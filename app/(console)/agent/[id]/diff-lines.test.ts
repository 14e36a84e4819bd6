import { describe, expect, it } from "vitest";
import { addedLines, diffLines } from "./diff-lines";

const DIFF = [
  "--- a/main.tf",
  "+++ b/main.tf",
  "@@ -10,4 +10,4 @@",
  ' resource "aws_instance" "web" {',
  '-  instance_type = "m5.xlarge"',
  '+  instance_type = "m5.large"',
  "   ami = var.ami",
  " }",
  "",
].join("\n");

describe("diffLines", () => {
  it("tells file headers, hunks, added, removed and unchanged lines apart, with their numbers", () => {
    const lines = diffLines(DIFF);
    expect(lines.map((l) => l.kind)).toEqual(["file", "file", "hunk", "context", "del", "add", "context", "context"]);
    expect(lines[3]).toMatchObject({ oldNo: 10, newNo: 10 });
    expect(lines[4]).toMatchObject({ kind: "del", oldNo: 11, newNo: null });
    expect(lines[5]).toMatchObject({ kind: "add", oldNo: null, newNo: 11 });
    expect(lines[7]).toMatchObject({ oldNo: 13, newNo: 13 });
  });

  it("takes a removed line reading '--- x' inside a hunk for a removed line, not a header", () => {
    const lines = diffLines(["@@ -1,2 +1,1 @@", "--- x", "+++ y", "-z"].join("\n"));
    expect(lines.map((l) => l.kind)).toEqual(["hunk", "del", "add", "del"]);
  });

  it("starts a second hunk and a second file after the first hunk's lines are used up", () => {
    const lines = diffLines(
      ["@@ -1 +1 @@", "-a", "+b", "--- a/other.tf", "+++ b/other.tf", "@@ -5,0 +6,1 @@", "+c"].join("\n"),
    );
    expect(lines.map((l) => l.kind)).toEqual(["hunk", "del", "add", "file", "file", "hunk", "add"]);
    expect(lines[6].newNo).toBe(6);
  });

  it("keeps '\\ No newline at end of file' as a note and reads CRLF line ends", () => {
    const lines = diffLines("@@ -1 +1 @@\r\n-a\r\n\\ No newline at end of file\r\n+b\r\n");
    expect(lines.map((l) => [l.kind, l.text])).toEqual([
      ["hunk", "@@ -1 +1 @@"],
      ["del", "-a"],
      ["note", "\\ No newline at end of file"],
      ["add", "+b"],
    ]);
  });

  it("gives text that is no diff back as plain lines, and one empty line for empty text", () => {
    expect(diffLines("hello\nworld").map((l) => l.kind)).toEqual(["file", "file"]);
    expect(diffLines("")).toEqual([{ kind: "file", text: "", oldNo: null, newNo: null }]);
  });

  it("survives malformed hunk headers, lines past the counts, NUL and lone surrogates", () => {
    const lines = diffLines(["@@ -x +y @@", "@@ -1,1 +1,1 @@", "-a\0", "+\ud800", "+extra", "-more"].join("\n"));
    expect(lines.map((l) => l.kind)).toEqual(["file", "hunk", "del", "add", "file", "file"]);
    expect(lines[3].text).toBe("+\ud800");
  });

  it("handles the largest patch the schema allows in one pass", () => {
    const body = Array.from({ length: 8_000 }, (_, i) => `+line ${i}`);
    const lines = diffLines([`@@ -0,0 +1,${body.length} @@`, ...body].join("\n"));
    expect(lines).toHaveLength(8_001);
    expect(lines.at(-1)).toMatchObject({ kind: "add", newNo: 8_000 });
  });
});

describe("addedLines", () => {
  it("shows HCL blocks as the added lines of a new file", () => {
    expect(addedLines('resource "x" "y" {\n}\n')).toEqual([
      { kind: "add", text: '+resource "x" "y" {', oldNo: null, newNo: 1 },
      { kind: "add", text: "+}", oldNo: null, newNo: 2 },
    ]);
  });
});
