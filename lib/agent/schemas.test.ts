import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  AttributionProposal,
  ExplanationProposal,
  MAX_PATCH_CHARS,
  Proposal,
  RefactorProposal,
  TeardownProposal,
} from "@/lib/agent/schemas";

const refactor = {
  kind: "refactor",
  title: "Right-size web",
  targets: ["aws_instance.web"],
  patch: { format: "hcl-blocks", hcl: 'resource "aws_instance" "web" {}' },
  rationale: "CPU under 5% for 30 days",
  evidenceIds: ["resource:aws_instance.web"],
  risk: "low",
  rollback: "Set instance_type back",
};

describe("proposal schemas", () => {
  it.each([
    ["refactor", RefactorProposal],
    ["teardown", TeardownProposal],
    ["attribution", AttributionProposal],
    ["explanation", ExplanationProposal],
    ["any proposal", Proposal],
  ])("%s converts to a JSON schema for structured output", (_, schema) => {
    const json = z.toJSONSchema(schema) as Record<string, unknown>;
    const text = JSON.stringify(json);
    expect(json.type ?? json.anyOf ?? json.oneOf).toBeTruthy();
    expect(text).toContain('"kind"');
    // Bounds and descriptions survive the conversion: the model sees the limits it must keep.
    expect(text).toMatch(/"maxLength":\d+/);
  });

  it("keeps the refactor's required fields in its JSON schema", () => {
    const json = z.toJSONSchema(RefactorProposal) as { required: string[] };
    expect(json.required).toEqual(
      expect.arrayContaining(["kind", "targets", "patch", "rationale", "risk", "rollback"]),
    );
  });

  it("accepts a well-formed refactor", () => {
    expect(Proposal.safeParse(refactor).success).toBe(true);
  });

  it.each([
    ["a NUL in the rationale", { ...refactor, rationale: "fine\0" }],
    ["a lone surrogate in the title", { ...refactor, title: "size \uD800 down" }],
    [
      "a patch past the size cap",
      { ...refactor, patch: { format: "hcl-blocks", hcl: "x".repeat(MAX_PATCH_CHARS + 1) } },
    ],
    ["no targets", { ...refactor, targets: [] }],
    ["a target that is not an address", { ...refactor, targets: ["rm -rf /"] }],
    ["an evidence id of no known kind", { ...refactor, evidenceIds: ["gossip:abc"] }],
    ["a negative saving", { ...refactor, saving: { monthly: "-5", currency: "USD", method: "x" } }],
    ["a saving in exponent notation", { ...refactor, saving: { monthly: "1e9", currency: "USD", method: "x" } }],
    ["an unknown kind", { ...refactor, kind: "apply" }],
    ["an empty object", {}],
    [
      "an explanation of a bill line",
      { kind: "explanation", subject: "bill:i-1", claims: [{ text: "x", citations: [] }] },
    ],
  ])("refuses %s", (_, value) => {
    expect(Proposal.safeParse(value).success).toBe(false);
  });
});
