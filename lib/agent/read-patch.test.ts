import { describe, expect, it } from "vitest";
import { readPatch } from "@/lib/agent/read-patch";
import type { RefactorProposal } from "@/lib/agent/schemas";
import { splitDiff } from "@/lib/agent/split-diff";

// The patch read into what Terraform would do: real HCL through HashiCorp's parser, no database.

const proposal = (diff: string, module?: string): RefactorProposal => ({
  kind: "refactor",
  title: "t",
  module,
  targets: ["aws_instance.web"],
  patch: { format: "unified-diff", diff },
  rationale: "r",
  evidenceIds: [],
  risk: "low",
  rollback: "r",
});

/** A unified diff of one block, old and new lines given as lists. */
function diffOf(before: string[], after: string[]): string {
  const lines = [...before.map((l) => `-${l}`), ...after.map((l) => `+${l}`)];
  return `--- a/main.tf\n+++ b/main.tf\n@@ -1,${before.length} +1,${after.length} @@\n${lines.join("\n")}\n`;
}

const web = (type: string, ami = "ami-1", name = "web") => [
  `resource "aws_instance" "${name}" {`,
  `  ami           = "${ami}"`,
  `  instance_type = "${type}"`,
  "}",
];

describe("splitDiff", () => {
  it("gives each side of a hunk with context on both", () => {
    const sides = splitDiff("@@ -1,3 +1,3 @@\n a {\n-  x = 1\n+  x = 2\n }\n");
    expect(sides).toEqual({ ok: true, before: "a {\n  x = 1\n}", after: "a {\n  x = 2\n}", hunks: 1 });
  });

  it.each([
    ["no hunk", "--- a\n+++ b\n"],
    ["text before the first hunk", "rm -rf /\n@@ -1 +1 @@\n-a\n+b\n"],
    ["hunk counts that do not add up", "@@ -1,5 +1,1 @@\n-a\n+b\n"],
    ["a line with an unknown marker", "@@ -1,2 +1,2 @@\n a\n*b\n"],
    ["an empty diff", ""],
  ])("refuses %s", (_, diff) => {
    expect(splitDiff(diff).ok).toBe(false);
  });
});

describe("readPatch", () => {
  it("reads a resize as an in-place update", async () => {
    const reading = await readPatch(proposal(diffOf(web("t3.large"), web("t3.medium"))));
    expect(reading).toMatchObject({ ok: true, changes: [{ address: "aws_instance.web", action: "update" }] });
  });

  it("reads a changed ami as a replace", async () => {
    const reading = await readPatch(proposal(diffOf(web("t3.large"), web("t3.large", "ami-2"))));
    expect(reading).toMatchObject({
      ok: true,
      changes: [{ action: "replace", reasons: ["changing ami forces a new resource"] }],
    });
  });

  it("reads a rename without a moved block as a delete and a create", async () => {
    const reading = await readPatch(proposal(diffOf(web("t3.large"), web("t3.large", "ami-1", "frontend"))));
    if (!reading.ok) throw new Error(reading.error);
    expect(reading.changes.map((c) => [c.address, c.action])).toEqual([
      ["aws_instance.web", "delete"],
      ["aws_instance.frontend", "create"],
    ]);
  });

  it("reads a rename with a moved block as a move", async () => {
    const after = [
      ...web("t3.large", "ami-1", "frontend"),
      "moved {",
      "  from = aws_instance.web",
      "  to   = aws_instance.frontend",
      "}",
    ];
    const reading = await readPatch(proposal(diffOf(web("t3.large"), after), "module.app"));
    expect(reading).toMatchObject({
      ok: true,
      changes: [{ address: "module.app.aws_instance.frontend", from: "module.app.aws_instance.web", action: "move" }],
    });
  });

  it("reads count switched to for_each as a replace", async () => {
    const before = [...web("t3.large").slice(0, -1), "  count = 2", "}"];
    const after = [...web("t3.large").slice(0, -1), '  for_each = toset(["a", "b"])', "}"];
    const reading = await readPatch(proposal(diffOf(before, after)));
    expect(reading).toMatchObject({ ok: true, changes: [{ action: "replace" }] });
  });

  it("reads a removed block as a delete", async () => {
    const reading = await readPatch(proposal(diffOf(web("t3.large"), [])));
    expect(reading).toMatchObject({ ok: true, changes: [{ address: "aws_instance.web", action: "delete" }] });
  });

  it.each([
    ["an unclosed block", diffOf(web("t3.large"), web("t3.medium").slice(0, -1))],
    ["an expression cut short", diffOf(web("t3.large"), ['resource "aws_instance" "web" {', "  ami = ", "}"])],
    ["a block declared twice", diffOf(web("t3.large"), [...web("t3.medium"), ...web("t3.small")])],
    ["no resource at all", diffOf(["locals {", "}"], ["locals {", "  a = 1", "}"])],
  ])("refuses %s", async (_, diff) => {
    const reading = await readPatch(proposal(diff));
    expect(reading.ok).toBe(false);
  });
});

describe("blocks other than resources", () => {
  it("names a provider block the patch changes", async () => {
    const provider = (region: string) => ['provider "aws" {', `  region = "${region}"`, "}"];
    const reading = await readPatch(
      proposal(diffOf([...provider("eu-west-1"), ...web("t3.large")], [...provider("us-east-1"), ...web("t3.medium")])),
    );
    expect(reading).toMatchObject({ ok: true, otherBlocks: ["provider"] });
  });
});
