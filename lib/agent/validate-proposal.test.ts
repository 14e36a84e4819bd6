import { beforeAll, describe, expect, it } from "vitest";
import { validateProposal } from "@/lib/agent/validate-proposal";
import type { Verdict } from "@/lib/agent/schemas";
import { privateDatabaseForFile } from "@/test/private-database";
import { roleCtx } from "@/test/factories";
import { AS_OF, type AgentWorld, diffOf, instance, refactorOf, seedWorld } from "@/test/agent-proposals";

// Proposals of every kind against a real inventory, bill and zombie queue: the good ones pass
// every check, and each bad one is rejected for the reason it is bad. A private database, so the
// policy switches and zombie settings are the defaults whatever other files do.

privateDatabaseForFile("agent_validate");
const viewer = roleCtx("viewer");
let world: AgentWorld;

beforeAll(async () => {
  world = await seedWorld();
}, 60_000);

const validate = (proposal: unknown) => validateProposal(viewer, { proposal, asOf: AS_OF });
const failed = (verdict: Verdict) => verdict.checks.filter((c) => !c.passed).map((c) => c.name);
const detail = (verdict: Verdict, name: string) => verdict.checks.find((c) => c.name === name)?.detail ?? "";

describe("refactor", () => {
  it("passes a right-size of an inventoried instance and recomputes its saving from the bill", async () => {
    const diff = diffOf(instance(world.address.web, "t3.large"), instance(world.address.web, "t3.medium"));
    const verdict = await validate(
      refactorOf([world.address.web], diff, {
        evidenceIds: [`resource:${world.address.web}`, `bill:${world.cloudId.web}`],
        saving: { monthly: "60", currency: "USD", method: "half the bill" },
      }),
    );
    expect(failed(verdict)).toEqual([]);
    expect(verdict.status).toBe("valid");
    expect(verdict.monthlySavings).toEqual({ claimed: "60", recomputed: "60.15", currency: "USD" });
    expect(verdict.checks.map((c) => c.name)).toEqual([
      "schema",
      "hcl-parses",
      "addresses-exist",
      "in-scope",
      "no-destroy",
      "provider-schema",
      "policy",
      "saving",
      "evidence-exists",
    ]);
  });

  it("rejects a saving the bill does not back, and reports both figures", async () => {
    const diff = diffOf(instance(world.address.web, "t3.large"), instance(world.address.web, "t3.medium"));
    const verdict = await validate(
      refactorOf([world.address.web], diff, { saving: { monthly: "900", currency: "USD", method: "trust me" } }),
    );
    expect(failed(verdict)).toEqual(["saving"]);
    expect(verdict.monthlySavings).toEqual({ claimed: "900", recomputed: "60.15", currency: "USD" });
  });

  it("matches a block to its instances inside a module", async () => {
    const block = world.address.api.replace(/^module\.app\./, "").replace(/\[0\]$/, "");
    const verdict = await validate(
      refactorOf([world.address.api], diffOf(instance(block, "m5.xlarge"), instance(block, "m5.large")), {
        module: "module.app",
      }),
    );
    expect(failed(verdict)).toEqual([]);
  });

  it("allows removing a block whose zombie teardown was approved, and only that", async () => {
    const doomed = await validate(
      refactorOf([world.address.doomed], diffOf(instance(world.address.doomed, "t3.small"), [])),
    );
    expect(failed(doomed)).toEqual([]);
    const web = await validate(refactorOf([world.address.web], diffOf(instance(world.address.web, "t3.small"), [])));
    expect(failed(web)).toEqual(["no-destroy"]);
    expect(detail(web, "no-destroy")).toContain(`${world.address.web} would be destroyed`);
  });

  it("rejects an address the inventory does not hold, and evidence it does not know", async () => {
    const ghost = "aws_instance.ghost_of_prod";
    const verdict = await validate(
      refactorOf([ghost], diffOf(instance(ghost, "t3.large"), instance(ghost, "t3.medium")), {
        evidenceIds: ["zombie:7d1c1a34-7a4e-4a59-9c59-000000000000", "trace:0123"],
      }),
    );
    expect(failed(verdict)).toEqual(["addresses-exist", "evidence-exists"]);
  });
});

describe("teardown", () => {
  it("passes an open, unprotected finding with its bill as the saving", async () => {
    const verdict = await validate({
      kind: "teardown",
      findingIds: [world.findings.open],
      judgement: "The experiment it served ended in January.",
      evidenceIds: [`zombie:${world.findings.open}`],
      saving: { monthly: "20", currency: "USD", method: "its bill" },
    });
    expect(failed(verdict)).toEqual([]);
    expect(verdict.monthlySavings.recomputed).toBe("20");
  });

  it("rejects protected, tagged, rejected and unknown findings with every reason", async () => {
    const verdict = await validate({
      kind: "teardown",
      findingIds: [
        world.findings.protectedOne,
        world.findings.tagged,
        world.findings.rejected,
        "00000000-0000-4000-8000-000000000000",
      ],
      judgement: "All of these look idle.",
      evidenceIds: [],
    });
    expect(failed(verdict)).toEqual(["findings-open", "not-protected"]);
    expect(detail(verdict, "not-protected")).toContain("vigil-protect=true");
    expect(detail(verdict, "not-protected")).toContain("allow rule");
    expect(detail(verdict, "findings-open")).toContain("is rejected, not open");
    expect(detail(verdict, "findings-open")).toContain("is not a zombie finding");
  });
});

describe("attribution", () => {
  it("passes a tag rule and a resource mapping that take unallocated spend", async () => {
    const tagRule = await validate({
      kind: "attribution",
      mapping: { type: "tag-rule", tagKey: "App", tagValue: `shop-${world.suffix}`, feature: "checkout" },
      rationale: "Every line of the shop app carries this tag",
      evidenceIds: [`bill:${world.cloudId.web}`],
    });
    expect(failed(tagRule)).toEqual([]);
    expect(detail(tagRule, "matches-unallocated")).toBe("matches 3 unallocated allocation row(s), 7.5 effective cost");
    const byResource = await validate({
      kind: "attribution",
      mapping: { type: "resource-feature", resourceIds: [world.cloudId.web], feature: "checkout" },
      rationale: "Its traces all come from checkout",
      evidenceIds: [`resource:${world.address.web}`],
    });
    expect(failed(byResource)).toEqual([]);
  });

  it("rejects a reserved feature and a mapping that matches no unallocated line", async () => {
    const verdict = await validate({
      kind: "attribution",
      mapping: { type: "resource-feature", resourceIds: [world.cloudId.db], feature: "shared" },
      rationale: "x",
      evidenceIds: [`resource:${world.address.db}`],
    });
    expect(failed(verdict)).toEqual(["allocation-rule", "matches-unallocated"]);
  });
});

describe("explanation", () => {
  it("passes cited claims, flags an uncited one and rejects an invented citation", async () => {
    const good = await validate({
      kind: "explanation",
      subject: `zombie:${world.findings.open}`,
      claims: [
        { text: "The volume has been detached since March.", citations: [`zombie:${world.findings.open}`] },
        { text: "Nobody has used it.", citations: [] },
      ],
    });
    expect(good.status).toBe("valid");
    expect(good.uncited).toEqual([1]);
    const invented = await validate({
      kind: "explanation",
      subject: "anomaly:4b7f6c1e-0000-4000-8000-000000000001",
      claims: [{ text: "Traffic doubled.", citations: ["trace:ffffffffffffffffffffffffffffffff"] }],
    });
    expect(failed(invented)).toEqual(["subject-exists", "evidence-exists"]);
  });
});

it("needs a signed-in reader", async () => {
  await expect(validateProposal(roleCtx("viewer"), { proposal: {}, asOf: AS_OF })).resolves.toMatchObject({
    status: "rejected",
  });
});
