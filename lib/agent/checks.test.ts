import { describe, expect, it } from "vitest";
import type { Change } from "@/lib/agent/compare-blocks";
import { allocationRule, explanationChecks, findingsOpen, notProtected } from "@/lib/agent/kind-checks";
import type { FindingFact, InventoryFact } from "@/lib/agent/load-facts";
import { schemaProblems } from "@/lib/agent/provider-schema";
import { addressesExist, inScope, noDestroy, policyCheck } from "@/lib/agent/refactor-checks";
import { recomputeRefactor, savingCheck } from "@/lib/agent/saving-check";
import type { RefactorProposal } from "@/lib/agent/schemas";
import { sizeRatio } from "@/lib/agent/size-ratio";
import { builtinRules } from "@/lib/policy/builtin-pack";

// The pure checks over plain data: no database, no parser.

const change = (over: Partial<Change>): Change => ({
  address: "aws_instance.web",
  type: "aws_instance",
  action: "update",
  reasons: [],
  body: { ami: "ami-1", instance_type: "t3.medium" },
  before: { ami: "ami-1", instance_type: "t3.large" },
  ...over,
});

describe("provider schema", () => {
  it("knows real arguments, nested blocks and meta-arguments", () => {
    const body = {
      ami: "ami-1",
      instance_type: "t3.micro",
      count: 2,
      lifecycle: [{ prevent_destroy: true }],
      root_block_device: [{ volume_size: 20, encrypted: true }],
      tags: { Name: "web" },
    };
    expect(schemaProblems("aws_instance", "web", body)).toEqual([]);
  });

  it.each([
    [
      "an invented type",
      "aws_quantum_instance",
      { ami: "x" },
      "resource type aws_quantum_instance is not in the provider schemas",
    ],
    [
      "an invented argument",
      "aws_instance",
      { ami: "x", instance_type: "t3.micro", auto_rightsize: true },
      "unknown argument auto_rightsize",
    ],
    [
      "an invented nested argument",
      "aws_instance",
      { root_block_device: [{ turbo: true }] },
      "aws_instance.web.root_block_device: unknown argument turbo",
    ],
    ["a computed-only attribute set", "aws_instance", { arn: "arn:aws:ec2:x" }, "arn is computed by the provider"],
    [
      "a missing required argument",
      "aws_db_instance",
      { engine: "postgres" },
      "required argument instance_class is missing",
    ],
    [
      "an unknown key in an object attribute",
      "aws_security_group",
      { ingress: [{ from_port: 22, ports: "all" }] },
      "ingress: unknown argument ports",
    ],
  ])("flags %s", (_, type, body, expected) => {
    expect(schemaProblems(type, "web", body).join("; ")).toContain(expected);
  });
});

describe("refactor checks", () => {
  const proposal = { targets: ["aws_instance.web[0]"] } as RefactorProposal;

  it("keeps a change to the target in scope and one beside it out", () => {
    expect(inScope(proposal, [change({})]).passed).toBe(true);
    const out = inScope(proposal, [change({}), change({ address: "aws_db_instance.main", type: "aws_db_instance" })]);
    expect(out).toMatchObject({ passed: false, detail: "aws_db_instance.main is changed but not a target" });
  });

  it("refuses a change to a provider or module block as out of scope", () => {
    const check = inScope(proposal, [change({})], ["provider"]);
    expect(check).toMatchObject({
      passed: false,
      detail: "changes a provider block: only resource and moved blocks may change",
    });
  });

  it("needs targets in the inventory, and created or moved-to addresses not yet in it", () => {
    const web: InventoryFact = {
      address: "aws_instance.web[0]",
      block: "aws_instance.web",
      type: "aws_instance",
      cloudId: "i-1",
      arn: null,
      tags: {},
    };
    expect(addressesExist(["aws_instance.web[0]"], [change({})], [web]).passed).toBe(true);
    expect(addressesExist(["aws_instance.gone"], [], [web]).detail).toBe("aws_instance.gone is not in the inventory");
    const moved = change({ address: "aws_instance.front", from: "aws_instance.web", action: "move" });
    expect(addressesExist(["aws_instance.web", "aws_instance.front"], [moved], [web]).passed).toBe(true);
    const clash = change({ address: "aws_instance.web", action: "create", before: null });
    expect(addressesExist(["aws_instance.web"], [clash], [web]).detail).toBe(
      "aws_instance.web is created but already in the inventory",
    );
  });

  it("refuses a delete unless its teardown was approved", () => {
    const deleted = change({ action: "delete", body: null });
    expect(noDestroy([deleted], new Set()).passed).toBe(false);
    expect(noDestroy([deleted], new Set(["aws_instance.web"])).passed).toBe(true);
  });

  it("fails wildcard IAM it introduces, not violations the resource already had", () => {
    const wildcard = '{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}';
    const narrow = '{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}';
    const introduced = change({
      type: "aws_iam_policy",
      address: "aws_iam_policy.p",
      body: { policy: wildcard },
      before: { policy: narrow },
    });
    const kept = change({
      type: "aws_iam_policy",
      address: "aws_iam_policy.p",
      body: { policy: wildcard, path: "/" },
      before: { policy: wildcard },
    });
    expect(policyCheck([introduced], builtinRules())).toMatchObject({ passed: false });
    expect(policyCheck([introduced], builtinRules()).detail).toContain("iam-no-wildcard-actions");
    expect(policyCheck([kept], builtinRules())).toMatchObject({
      passed: true,
      detail: "no new policy violation (1 the resources already had)",
    });
  });
});

describe("saving", () => {
  const inventory: InventoryFact[] = [
    {
      address: "aws_instance.web",
      block: "aws_instance.web",
      type: "aws_instance",
      cloudId: "i-1",
      arn: null,
      tags: {},
    },
  ];
  const bill = new Map([["i-1", new Map([["USD", "120.30"]])]]);

  it("halves the bill for one size down and checks the claim against it", () => {
    const { total, ceiling } = recomputeRefactor([change({})], inventory, bill);
    const fair = savingCheck({ monthly: "60", currency: "USD" }, total, ceiling, "x");
    expect(fair.savings).toEqual({ claimed: "60", recomputed: "60.15", currency: "USD" });
    expect(fair.check.passed).toBe(true);
    expect(savingCheck({ monthly: "500", currency: "USD" }, total, ceiling, "x").check.passed).toBe(false);
    expect(savingCheck({ monthly: "60", currency: "EUR" }, total, ceiling, "x").check.passed).toBe(false);
  });

  it("fails a claim the bill can not back", () => {
    const { total, ceiling } = recomputeRefactor([change({})], inventory, new Map());
    expect(savingCheck({ monthly: "10", currency: "USD" }, total, ceiling, "x").check.passed).toBe(false);
  });

  it.each([
    ["t3.large", "t3.medium", [8n, 16n]],
    ["m5.4xlarge", "m5.xlarge", [32n, 128n]],
    ["db.r6g.2xlarge", "db.r6g.large", [16n, 64n]],
    ["e2-standard-8", "e2-standard-2", [2n, 8n]],
    ["Standard_D8s_v5", "Standard_D2s_v5", [2n, 8n]],
  ])("prices %s to %s by its size", (from, to, [numerator, denominator]) => {
    expect(sizeRatio(from, to)).toEqual({ numerator, denominator });
  });

  it.each([
    ["t3.large", "m5.large"],
    ["t3.large", "weird"],
    ["e2-standard-4", "n2-standard-2"],
  ])("gives no ratio from %s to %s", (a, b) => {
    expect(sizeRatio(a, b)).toBeNull();
  });
});

describe("teardown, attribution and explanation checks", () => {
  const finding = (over: Partial<FindingFact>): FindingFact => ({
    id: "f1",
    status: "new",
    clearedAt: null,
    protected: false,
    protectedReason: null,
    address: "aws_ebs_volume.old",
    resourceId: "vol-1",
    arn: null,
    ...over,
  });

  it("takes open findings and refuses cleared, rejected and unknown ones", () => {
    expect(findingsOpen(["f1"], [finding({})]).passed).toBe(true);
    expect(findingsOpen(["f1"], [finding({ status: "rejected" })]).passed).toBe(false);
    expect(findingsOpen(["f1"], [finding({ clearedAt: new Date() })]).passed).toBe(false);
    expect(findingsOpen(["f2"], [finding({})]).passed).toBe(false);
  });

  it("refuses a protected finding and one whose resource now carries the protect tag", () => {
    const tagged: InventoryFact = {
      address: "aws_ebs_volume.old",
      block: "aws_ebs_volume.old",
      type: "aws_ebs_volume",
      cloudId: "vol-1",
      arn: null,
      tags: { "Vigil-Protect": "yes" },
    };
    expect(
      notProtected([finding({ protected: true, protectedReason: "allow rule" })], [], "vigil-protect").passed,
    ).toBe(false);
    expect(notProtected([finding({})], [tagged], "vigil-protect").passed).toBe(false);
    expect(
      notProtected([finding({})], [{ ...tagged, tags: { "vigil-protect": "false" } }], "vigil-protect").passed,
    ).toBe(true);
  });

  it.each([
    ["checkout", true],
    ["__unallocated__", false],
    ["shared", false],
    ["__shared__", false],
  ])("takes %s as an allocation feature: %s", (feature, accepted) => {
    expect(allocationRule({ type: "tag-rule", tagKey: "app", tagValue: "shop", feature }).passed).toBe(accepted);
  });

  it("flags uncited claims without rejecting, and rejects unknown citations", () => {
    const known = new Set(["anomaly:a1", "trace:t1"]);
    const { checks, uncited } = explanationChecks(
      {
        kind: "explanation",
        subject: "anomaly:a1",
        claims: [
          { text: "cited", citations: ["trace:t1"] },
          { text: "uncited", citations: [] },
        ],
      },
      known,
    );
    expect(uncited).toEqual([1]);
    expect(checks.every((c) => c.passed)).toBe(true);
    const bad = explanationChecks(
      { kind: "explanation", subject: "anomaly:a1", claims: [{ text: "x", citations: ["trace:nope"] }] },
      known,
    );
    expect(bad.checks.find((c) => c.name === "evidence-exists")?.passed).toBe(false);
  });
});
