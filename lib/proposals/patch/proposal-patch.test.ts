import { afterEach, describe, expect, it } from "vitest";
import type { RefactorProposal } from "@/lib/agent/schemas";
import { VigilError } from "@/lib/errors";
import { proposalPatch } from "@/lib/proposals/patch/proposal-patch";
import { diffOf, instance } from "@/test/agent-proposals";
import { gitAm, gitRepo, headFiles, removeRepo, viewOf } from "@/test/git-repo";

const AT = new Date("2026-12-07T12:34:56+00:00");
const APPROVAL = { by: "alice@example.com", at: AT, reason: "CPU under 5% for a month" };
const WEB = "aws_instance.web";
const repos: string[] = [];

afterEach(() => repos.splice(0).forEach(removeRepo));

function refactor(diffOrHcl: string, over: Partial<RefactorProposal> = {}, format = "unified-diff"): RefactorProposal {
  return {
    kind: "refactor",
    title: "Right-size the web server",
    targets: [WEB],
    patch:
      format === "unified-diff"
        ? { format: "unified-diff", diff: diffOrHcl }
        : { format: "hcl-blocks", hcl: diffOrHcl },
    rationale: "Under 5% CPU for 30 days",
    evidenceIds: [`resource:${WEB}`, "bill:i-0abc"],
    saving: { monthly: "41.50", currency: "USD", method: "bill times size ratio" },
    risk: "low",
    rollback: "Revert the commit",
    ...over,
  } as RefactorProposal;
}

/** Builds the patch, applies it with git am on a repository holding `before`, returns HEAD's files. */
function applied(before: Record<string, string>, proposal: RefactorProposal, over = {}) {
  const patch = proposalPatch(viewOf(proposal, { targets: proposal.targets, ...over }), APPROVAL)!;
  const dir = gitRepo(before);
  repos.push(dir);
  const am = gitAm(dir, patch);
  return { patch, am, files: am.ok ? headFiles(dir) : {} };
}

const text = (lines: string[]) => `${lines.join("\n")}\n`;

describe("proposalPatch: refactors", () => {
  it("writes a format-patch that git am applies, with the message a reviewer needs", () => {
    const before = instance(WEB, "m5.xlarge");
    const after = instance(WEB, "m5.large");
    const { patch, am, files } = applied({ "main.tf": text(before) }, refactor(diffOf(before, after)));
    expect(patch.split("\n")[0]).toMatch(/^From [0-9a-f]{40} Mon Sep 17 00:00:00 2001$/);
    expect(patch).toContain("Date: Mon, 7 Dec 2026 12:34:56 +0000");
    expect(patch.endsWith("-- \nVigil\n\n")).toBe(true);
    expect(am.stderr).toBe("");
    expect(am.ok).toBe(true);
    expect(files["main.tf"].content).toBe(text(after));
    expect(am.author).toBe("Vigil <vigil@localhost> 2026-12-07T12:34:56+00:00");
    const message = am.message;
    expect(message.split("\n")[0]).toBe("Right-size the web server");
    for (const part of [
      "approved by alice@example.com on 2026-12-07T12:34:56.000Z",
      "CPU under 5% for a month",
      "Under 5% CPU for 30 days",
      `resource:${WEB}`,
      "bill:i-0abc",
      "hcl-parses: both sides parse",
      "claimed 41.5 USD, recomputed from the bill 40.12 USD",
      "Vigil-Proposal: 3f1c2a9e-5b6d-4c7e-8f90-a1b2c3d4e5f6",
      "Revert the commit",
    ])
      expect(message).toContain(part);
  });

  it("is the same text for the same proposal and approval, and another for another approval", () => {
    const diff = diffOf(instance(WEB, "m5.xlarge"), instance(WEB, "m5.large"));
    const view = viewOf(refactor(diff));
    expect(proposalPatch(view, APPROVAL)).toBe(proposalPatch(view, APPROVAL));
    expect(proposalPatch(view, { ...APPROVAL, reason: "other" })).not.toBe(proposalPatch(view, APPROVAL));
  });

  it("places a diff without file names, or with a bare one, in the module's main.tf", () => {
    const before = instance("module.app.aws_instance.api", "t3.large");
    const after = instance("module.app.aws_instance.api", "t3.medium");
    const body = diffOf(before, after).split("\n").slice(2).join("\n");
    for (const diff of [body, diffOf(before, after)]) {
      const { am, files } = applied(
        { "modules/app/main.tf": text(before), "main.tf": "# root\n" },
        refactor(diff, { module: "module.app", targets: ["module.app.aws_instance.api"] }),
      );
      expect(am.stderr).toBe("");
      expect(files["modules/app/main.tf"].content).toBe(text(after));
      expect(files["main.tf"].content).toBe("# root\n");
    }
  });

  it("keeps the diff's own directory, and finds a hunk said to be at line 1 in the middle of the file", () => {
    const head = ['variable "x" {}', "", "locals { a = 1 }", ""];
    const tail = ["", 'output "o" { value = 1 }'];
    const before = [...head, ...instance(WEB, "m5.xlarge"), ...tail];
    const diff = [
      "--- a/envs/prod/compute.tf",
      "+++ b/envs/prod/compute.tf",
      "@@ -1,4 +1,4 @@",
      ` resource "aws_instance" "web" {`,
      `   ami           = "ami-0abc"`,
      `-  instance_type = "m5.xlarge"`,
      `+  instance_type = "m5.large"`,
      " }",
      "",
    ].join("\n");
    const { am, files } = applied({ "envs/prod/compute.tf": text(before) }, refactor(diff));
    expect(am.stderr).toBe("");
    expect(files["envs/prod/compute.tf"].content).toBe(text(before).replace('"m5.xlarge"', '"m5.large"'));
  });

  it("applies the model's usual whole-block replacement (-1, no context) to a block between others", () => {
    const before = instance(WEB, "m5.xlarge");
    const after = instance(WEB, "m5.large");
    const other = ['resource "aws_s3_bucket" "a" {', '  bucket = "a"', "}", ""];
    const file = [...other, ...before, "", ...other.map((l) => l.replace('"a"', '"b"'))];
    const { patch, am, files } = applied({ "main.tf": text(file) }, refactor(diffOf(before, after)));
    expect(patch).toContain(`@@ -2,4 +2,4 @@\n ${before[0]}\n ${before[1]}\n-${before[2]}\n+${after[2]}\n }\n`);
    expect(am.stderr).toBe("");
    expect(files["main.tf"].content).toBe(text(file).replace('"m5.xlarge"', '"m5.large"'));
  });

  it("mends CRLF, wrong hunk counts, empty context lines without their space and trailing blank lines", () => {
    const before = ['resource "aws_instance" "web" {', "", '  instance_type = "m5.xlarge"', "}"];
    const after = ['resource "aws_instance" "web" {', "", '  instance_type = "m5.large"', "}"];
    const lines = ["@@ -1,3 +1,3 @@", ` ${before[0]}`, "", `-${before[2]}`, `+${after[2]}`, " }", "", ""];
    const diff = lines.join("\r\n");
    const { patch, am, files } = applied({ "main.tf": text(before) }, refactor(diff));
    expect(patch).toContain("@@ -2,4 +2,4 @@");
    expect(patch).not.toContain("\r");
    expect(am.stderr).toBe("");
    expect(files["main.tf"].content).toBe(text(after));
  });

  it("fails in git when the repository's file is not the diff's before side", () => {
    const diff = diffOf(instance(WEB, "m5.xlarge"), instance(WEB, "m5.large"));
    const { am } = applied({ "main.tf": text(instance(WEB, "c5.large")) }, refactor(diff));
    expect(am.ok).toBe(false);
    expect(am.stderr).toMatch(/patch does not apply|patch failed/);
  });

  it("adds HCL blocks as a new vigil-<slug>.tf in the module's directory", () => {
    const hcl = 'resource "aws_s3_bucket" "logs" {\r\n  bucket = "logs"\r\n}';
    const { am, files } = applied(
      { "modules/app/main.tf": "# app\n" },
      refactor(hcl, { module: "module.app", title: "Add a Logs bucket: 30-day expiry!" }, "hcl-blocks"),
    );
    expect(am.stderr).toBe("");
    expect(files["modules/app/vigil-add-a-logs-bucket-30-day-expiry.tf"]).toEqual({
      content: 'resource "aws_s3_bucket" "logs" {\n  bucket = "logs"\n}\n',
      mode: "100644",
    });
    expect(Object.keys(files).sort()).toEqual([
      "modules/app/main.tf",
      "modules/app/vigil-add-a-logs-bucket-30-day-expiry.tf",
    ]);
  });
});

describe("proposalPatch: adversarial text and paths", () => {
  const before = instance(WEB, "m5.xlarge");
  const diff = diffOf(before, instance(WEB, "m5.large"));

  it.each([
    ["a newline", "Right-size\nFrom: mallory@evil\n\n---\ndiff -x", "Right-size From: mallory@evil --- diff -x"],
    ["NUL and controls", "Right\u0000-size\u0007 now\r", "Right-size now"],
    ["a lone surrogate", "Right-size \uD800 web", "Right-size \uFFFD web"],
    ["non-ASCII", "Réduire la taille 🚀", "Réduire la taille 🚀"],
  ])("keeps a title with %s to one safe subject line", (_, title, subject) => {
    const { am, files } = applied({ "main.tf": text(before) }, refactor(diff), { title });
    expect(am.stderr).toBe("");
    expect(am.message.split("\n")[0]).toBe(subject);
    expect(Object.keys(files)).toEqual(["main.tf"]);
  });

  it("cuts a very long title and keeps body text that looks like a diff or a new message out of the diff", () => {
    const rationale =
      "Context:\n---\ndiff --git a/evil.tf b/evil.tf\nFrom 0000000000000000000000000000000000000000 Mon Sep 17\nIndex: x\n-- \nend";
    const { patch, am, files } = applied({ "main.tf": text(before) }, refactor(diff, { rationale }), {
      title: "x".repeat(5000),
    });
    expect(am.stderr).toBe("");
    expect(am.message.split("\n")[0]).toBe(`${"x".repeat(149)}…`);
    expect(am.message).toContain("    diff --git a/evil.tf b/evil.tf");
    expect(patch.match(/^diff --git /gm)).toHaveLength(1);
    expect(Object.keys(files)).toEqual(["main.tf"]);
  });

  it.each([
    ["a parent directory", "../outside.tf"],
    ["a parent directory inside", "a/modules/../../../outside.tf"],
    ["an absolute path", "/etc/passwd"],
    ["the .git directory", ".git/hooks/post-checkout"],
    ["a backslash", "modules\\app\\main.tf"],
    ["a space", "my file.tf"],
    ["a NUL", "main\u0000.tf"],
  ])("refuses a diff naming %s", (_, name) => {
    const named = diff.replace("--- a/main.tf\n+++ b/main.tf", `--- ${name}\n+++ ${name}`);
    expect(() => proposalPatch(viewOf(refactor(named)), APPROVAL)).toThrow(VigilError);
    expect(() => proposalPatch(viewOf(refactor(named)), APPROVAL)).toThrow(/not a path inside the repository/);
  });

  it("refuses a diff that deletes a file, or holds no hunk", () => {
    const deletion = "--- a/main.tf\n+++ /dev/null\n@@ -1,1 +0,0 @@\n-x\n";
    expect(() => proposalPatch(viewOf(refactor(deletion)), APPROVAL)).toThrow(/deletes a file/);
    expect(() => proposalPatch(viewOf(refactor("--- a/main.tf\n+++ b/main.tf\n")), APPROVAL)).toThrow(/no @@ hunk/);
  });

  it("gives no patch for attributions and explanations, and refuses a body that did not parse", () => {
    const attribution = {
      kind: "attribution" as const,
      mapping: { type: "tag-rule" as const, tagKey: "app", tagValue: "shop", feature: "checkout" },
      rationale: "tags",
      evidenceIds: ["bill:x"],
    };
    expect(proposalPatch(viewOf(attribution), APPROVAL)).toBeNull();
    expect(proposalPatch(viewOf(null, { kind: "explanation" }), APPROVAL)).toBeNull();
    expect(() => proposalPatch(viewOf(null, { kind: "refactor" }), APPROVAL)).toThrow(/did not parse/);
  });
});
